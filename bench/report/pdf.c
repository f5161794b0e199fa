/* report.pdf: report.html printed by headless Chromium (its print
 * stylesheet puts the cover first and numbers the pages). Chromium runs
 * with a private profile, its output in a log, under a timeout; the PDF is
 * written aside and renamed, as every report. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PDF_TIMEOUT 180 /* s; $BENCH_PDF_TIMEOUT: a loaded machine renders slowly */

/* $BENCH_CHROMIUM, else the first of chromium, chromium-browser on PATH. */
int report_chromium(char *out, size_t len, struct err *e)
{
	const char *env = getenv("BENCH_CHROMIUM");
	if (env && *env) {
		if (access(env, X_OK))
			return err_set(e, EXIT_USAGE, "BENCH_CHROMIUM=%s: %s", env,
			               strerror(errno));
		snprintf(out, len, "%s", env);
		return 0;
	}
	static const char *const names[] = {"chromium", "chromium-browser"};
	const char *path = getenv("PATH");
	for (size_t i = 0; path && i < sizeof names / sizeof *names; i++)
		for (const char *p = path, *c; *p; p = *c ? c + 1 : c) {
			c = strchr(p, ':');
			c = c ? c : p + strlen(p);
			snprintf(out, len, "%.*s/%s", (int)(c - p), p, names[i]);
			if (c > p && access(out, X_OK) == 0)
				return 0;
		}
	return err_set(e, EXIT_USAGE,
	               "report.pdf: no Chromium found (chromium or chromium-browser on PATH, or "
	               "$BENCH_CHROMIUM); bench/setup installs it");
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

/* The last line of Chromium's log, for the error message (the profile
 * holding the log is removed). */
static const char *log_tail(const char *log, char *buf, size_t len)
{
	FILE *f = fopen(log, "r");
	char line[512];
	*buf = '\0';
	while (f && fgets(line, sizeof line, f))
		if (line[strspn(line, " \t\r\n")])
			snprintf(buf, len, "%.*s", (int)strcspn(line, "\r\n"), line);
	if (f)
		fclose(f);
	return *buf ? buf : "no output";
}

/* Runs argv with stdout and stderr into log; 0 when it exits 0 in time. */
static int run_timed(char *const argv[], const char *log, int secs, struct err *e)
{
	pid_t pid = fork();
	if (pid < 0)
		return err_set(e, EXIT_USAGE, "report.pdf: fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int nul = open("/dev/null", O_RDONLY);
		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		setpgid(0, 0); /* its renderer processes go with it on a timeout */
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	struct timespec nap = {0, 50 * 1000 * 1000};
	for (long waited = 0; waitpid(pid, &st, WNOHANG) == 0; waited += 50) {
		if (waited >= secs * 1000L) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return err_set(e, EXIT_USAGE, "report.pdf: %s gave no PDF within %d s",
			               argv[0], secs);
		}
		nanosleep(&nap, NULL);
	}
	char tail[512];
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return err_set(e, EXIT_USAGE, "report.pdf: %s failed (status %d): %s", argv[0],
		               WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st),
		               log_tail(log, tail, sizeof tail));
	return 0;
}

/* A PDF begins with %PDF-: Chromium exits 0 on some failures to print. */
static int is_pdf(const char *p)
{
	char head[5] = "";
	FILE *f = fopen(p, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	return n == sizeof head && memcmp(head, "%PDF-", 5) == 0;
}

static int render(const char *bin, const char *html, const char *tmp, const char *prof,
                  struct err *e)
{
	char url[PATH_MAX + 16], out[PATH_MAX + 32], udd[PATH_MAX + 32], log[PATH_MAX + 16];
	snprintf(url, sizeof url, "file://%s", html);
	snprintf(out, sizeof out, "--print-to-pdf=%s", tmp);
	snprintf(udd, sizeof udd, "--user-data-dir=%s", prof);
	snprintf(log, sizeof log, "%s/log", prof);
	char *argv[] = {(char *)bin,
	                "--headless",
	                "--no-sandbox",
	                "--disable-gpu",
	                "--disable-background-networking",
	                "--disable-component-update",
	                "--disable-sync",
	                "--no-first-run",
	                udd,
	                "--no-pdf-header-footer",
	                out,
	                url,
	                NULL};
	const char *t = getenv("BENCH_PDF_TIMEOUT");
	int secs = t && atoi(t) > 0 ? atoi(t) : PDF_TIMEOUT;
	if (run_timed(argv, log, secs, e))
		return -1;
	char tail[512];
	if (!is_pdf(tmp))
		return err_set(e, EXIT_USAGE, "report.pdf: %s wrote no PDF: %s", bin,
		               log_tail(log, tail, sizeof tail));
	return 0;
}

int report_pdf(const char *dir, struct err *e)
{
	char bin[PATH_MAX], html[PATH_MAX], tmp[PATH_MAX + 16], pdf[PATH_MAX + 16];
	if (report_chromium(bin, sizeof bin, e))
		return -1;
	char rel[PATH_MAX];
	snprintf(rel, sizeof rel, "%s/report.html", dir);
	if (!realpath(rel, html))
		return err_set(e, EXIT_USAGE, "%s: %s", rel, strerror(errno));
	snprintf(pdf, sizeof pdf, "%.*s/report.pdf", (int)(strlen(html) - 12), html);
	snprintf(tmp, sizeof tmp, "%s.tmp", pdf);
	char prof[] = "/tmp/bench-chromium-XXXXXX"; /* a profile of its own: none shared */
	if (!mkdtemp(prof))
		return err_set(e, EXIT_USAGE, "report.pdf: mkdtemp: %s", strerror(errno));
	int rc = render(bin, html, tmp, prof, e);
	if (!rc && rename(tmp, pdf))
		rc = err_set(e, EXIT_USAGE, "%s: %s", pdf, strerror(errno));
	if (rc)
		remove(tmp);
	nftw(prof, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
