/* Runs the sane-scan helper under a deadline and reads its report. The
 * helper gets its own process group, so a timeout kills whatever libsane
 * started under it too. The environment is built before fork(): bench has
 * threads, and between fork and exec only async-signal-safe calls are made. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sane_io.h"

extern char **environ;

enum { MAX_ENV = 512, LINE_MAX_ = 2048 };

static double now(void)
{
	return (double)mono_us() / 1e6;
}

static pid_t spawn(const struct sane_req *q, int out, struct err *e)
{
	char exe[PATH_MAX + 64], cfg[4200], num[5][32], *env[MAX_ENV + 2];
	size_t k = 0;
	/* $BENCH_SANE_SCAN, else drivers/sane-scan of the build bench comes from. */
	program_path("BENCH_SANE_SCAN", "../drivers/sane-scan", exe, sizeof exe);
	snprintf(cfg, sizeof cfg, "SANE_CONFIG_DIR=%s", q->config_dir ? q->config_dir : "");
	for (char **p = environ; *p && k < MAX_ENV; p++)
		if (strncmp(*p, "SANE_CONFIG_DIR=", 16) || !q->config_dir)
			env[k++] = *p;
	if (q->config_dir)
		env[k++] = cfg;
	env[k] = NULL;
	int has_area = q->area[0] || q->area[1] || q->area[2] || q->area[3];
	snprintf(num[0], sizeof num[0], "%g", q->dpi);
	for (int i = 0; i < 4; i++)
		snprintf(num[i + 1], sizeof num[i + 1], has_area ? "%g" : "-", q->area[i]);
	char *argv[] = {exe,    (char *)q->device, num[0], (char *)q->mode, num[1], num[2], num[3],
	                num[4], (char *)q->out,    NULL};
	pid_t pid = fork();
	if (pid < 0)
		return err_set(e, EXIT_BAIL, "fork: %s", strerror(errno)), -1;
	if (pid == 0) {
		setpgid(0, 0);
		int nul = open("/dev/null", O_RDWR);
		dup2(nul, 0), dup2(out, 1), dup2(nul, 2);
		execve(exe, argv, env);
		static const char msg[] = "error exec: cannot run the sane-scan helper\n";
		if (write(1, msg, sizeof msg - 1) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(pid, pid);
	return pid;
}

static void take(struct sane_res *r, const char *l)
{
	if (!strncmp(l, "device ", 7))
		sscanf(l + 7, "%255[^\t]\t%127[^\t]\t%127[^\t]\t%63[^\n]", r->device, r->vendor,
		       r->model, r->type);
	else if (!strncmp(l, "params ", 7))
		sscanf(l + 7, "%d %d", &r->width, &r->height);
	else if (!strncmp(l, "done ", 5))
		sscanf(l + 5, "%ld %lf", &r->bytes, &r->dpi);
}

/* Reads the helper's lines until EOF or the deadline; the last error line
 * into why. 1 when the deadline passed. */
static int report(int fd, double deadline, struct sane_res *r, char *why, size_t wlen,
                  void (*line)(void *, const char *), void *arg)
{
	char buf[LINE_MAX_];
	size_t have = 0;
	for (;;) {
		int ms = (int)((deadline - now()) * 1000);
		struct pollfd p = {fd, POLLIN, 0};
		if (ms <= 0 || (poll(&p, 1, ms) == 0))
			return 1;
		ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		have += (size_t)n;
		buf[have] = '\0';
		char *nl;
		while ((nl = strchr(buf, '\n')) || have == sizeof buf - 1) {
			if (nl)
				*nl = '\0';
			take(r, buf);
			if (!strncmp(buf, "error ", 6))
				snprintf(why, wlen, "%s", buf + 6);
			line(arg, buf);
			size_t used = nl ? (size_t)(nl - buf) + 1 : have;
			memmove(buf, buf + used, have - used);
			have -= used;
			buf[have] = '\0';
		}
	}
}

int sane_io_scan(const struct sane_req *q, struct sane_res *r,
                 void (*line)(void *arg, const char *text), void *arg, struct err *e)
{
	int fds[2];
	char why[LINE_MAX_] = "";
	memset(r, 0, sizeof *r);
	if (pipe2(fds, O_CLOEXEC) != 0)
		return err_set(e, EXIT_BAIL, "pipe: %s", strerror(errno));
	double t0 = now();
	pid_t pid = spawn(q, fds[1], e);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -1;
	}
	r->timed_out = report(fds[0], t0 + q->timeout, r, why, sizeof why, line, arg);
	close(fds[0]);
	if (r->timed_out)
		kill(-pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->seconds = now() - t0;
	if (r->timed_out)
		return err_set(e, EXIT_FAILED, "no scan within %g s (the scanner does not answer)",
		               q->timeout);
	r->status = status;
	/* `done` comes after the PNG is renamed into place: the scan is whole
	 * even if libsane's teardown fails after it (sanitizer builds report
	 * leaks of the backends' threads there; the driver traces it). */
	if (r->dpi > 0 && !why[0])
		return 0;
	if (!why[0])
		snprintf(why, sizeof why, "sane-scan ended with status %d", status);
	return err_set(e, EXIT_FAILED, "%s", why);
}
