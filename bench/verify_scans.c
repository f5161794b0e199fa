/* bench verify's check of scans/: the images a scanner role took are the
 * evidence of each registration, resolution and code measurement, and
 * each one's SHA-256 is in a trace.log line of the scanner's
 * (drivers/sane.c: "<role> scan <name>: ... -> scans/<name>.png sha256
 * <hex>"), which the hash chain and the manifest cover. The manifest does
 * not list the scans, so without this an edited or swapped image would
 * pass. The last line naming a file is the one that counts (a name scanned
 * again is overwritten). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "bench/record/record.h"

#define SCANS "scans/" /* the folder the files are named under */

struct scan {
	char file[200], sha[SHA256_HEX]; /* file: SCANS "<name>.png" */
	long line;
};

struct scans {
	struct scan *v;
	size_t n;
};

/* The scan a trace line records, if it is the scanner's line of a finished
 * scan: the fields after seq, wall and mono are "<role> scan <name>: ",
 * and the file is scans/<name>.png. A device's text quoted in another line
 * cannot pass for one. */
static int scan_line(const char *line, struct scan *s)
{
	const char *p = line;
	for (int f = 0; f < 4 && p; f++) /* seq, wall, mono, role */
		p = (p = strchr(p, ' ')) ? p + 1 : NULL;
	if (!p || strncmp(p, "scan ", 5) != 0)
		return 0;
	const char *name = p + 5, *colon = strchr(name, ':');
	const char *arrow = strstr(name, " -> " SCANS);
	if (!colon || !arrow || colon > arrow ||
	    (size_t)(colon - name) >= sizeof s->file - sizeof SCANS - 4)
		return 0;
	int len = snprintf(s->file, sizeof s->file, SCANS "%.*s.png", (int)(colon - name), name);
	const char *f = arrow + 4;
	if (strncmp(f, s->file, (size_t)len) != 0 || strncmp(f + len, " sha256 ", 8) != 0)
		return 0;
	const char *h = f + len + 8;
	if (strspn(h, "0123456789abcdef") != SHA256_HEX - 1 || h[SHA256_HEX - 1] != '\t')
		return 0;
	memcpy(s->sha, h, SHA256_HEX - 1);
	s->sha[SHA256_HEX - 1] = '\0';
	return 1;
}

static int keep(struct scans *all, const struct scan *s)
{
	for (size_t i = 0; i < all->n; i++)
		if (strcmp(all->v[i].file, s->file) == 0) {
			all->v[i] = *s;
			return 0;
		}
	struct scan *v = realloc(all->v, (all->n + 1) * sizeof *v);
	if (!v)
		return -1;
	all->v = v;
	all->v[all->n++] = *s;
	return 0;
}

static int traced_scans(const char *dir, struct scans *all, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/trace.log", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return err_set(e, EXIT_FAILED, "trace.log: missing");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	struct scan s;
	for (long no = 1; !rc && trace_getline(&line, &cap, f) > 0; no++) {
		s.line = no;
		if (scan_line(line, &s) && keep(all, &s))
			rc = err_set(e, EXIT_FAILED, "out of memory");
	}
	free(line);
	fclose(f);
	return rc;
}

/* Files in scans/ no trace line names: no test's evidence (a scan cut by
 * a kill, or added later), said on stdout, not failed. */
static void untraced(const char *dir, const struct scans *all)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/scans", dir);
	DIR *d = opendir(p);
	for (struct dirent *de; d && (de = readdir(d));) {
		if (de->d_name[0] == '.')
			continue;
		size_t i = 0;
		while (i < all->n && strcmp(all->v[i].file + sizeof SCANS - 1, de->d_name) != 0)
			i++;
		if (i == all->n)
			printf(
			    "bench verify: %s: note: scans/%s is named by no scan of trace.log: no "
			    "test's evidence\n",
			    dir, de->d_name);
	}
	if (d)
		closedir(d);
}

int verify_scans(const char *dir, struct err *e)
{
	struct scans all = {0};
	int rc = traced_scans(dir, &all, e);
	for (size_t i = 0; !rc && i < all.n; i++) {
		char p[4400], hex[SHA256_HEX];
		struct err fe = {0};
		snprintf(p, sizeof p, "%s/%s", dir, all.v[i].file);
		if (sha256_file(p, hex, &fe))
			rc = err_set(e, EXIT_FAILED, "%s: named by trace.log:%ld but missing (%s)",
			             all.v[i].file, all.v[i].line, fe.msg);
		else if (strcmp(hex, all.v[i].sha) != 0)
			rc = err_set(e, EXIT_FAILED,
			             "%s: SHA-256 differs from trace.log:%ld (file altered)",
			             all.v[i].file, all.v[i].line);
	}
	if (!rc)
		untraced(dir, &all);
	free(all.v);
	return rc;
}
