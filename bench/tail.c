/* bench tail [-f] [-n N] DIR: the latest lines of a run's trace.log and,
 * with -f, each line as the run writes it. `tail -f` cannot follow
 * trace.log: it grows by mapped windows whose zero bytes later lines fill
 * (docs/evidence.md "trace.log while a run writes it"). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/record/record.h"
#include "bench/report/report.h"

static const char tail_usage[] =
    "usage: bench tail [-f|--follow] [-n|--lines N] DIR\n"
    "  Prints the last N (default 10) lines of DIR/trace.log without their hash\n"
    "  field; -f then prints each line as the run writes it, until the run has\n"
    "  ended (run.json has its exit code). A run that was killed never ends: ^C.\n"
    "exit: 0, 2 usage (no such run directory)\n";

/* Lines kept for -n: a ring of copies. */
struct last {
	char **line;
	size_t n, head, count;
};

static void show(const char *line)
{
	if (!line) /* a copy that could not be made */
		return;
	const char *tab = strrchr(line, '\t'); /* the hash field: the chain's, not the reader's */
	fwrite(line, 1, tab ? (size_t)(tab - line) : strlen(line) - 1, stdout);
	fputc('\n', stdout);
}

static void keep(struct last *k, const char *line)
{
	if (!k->n)
		return;
	size_t at = (k->head + k->count) % k->n;
	if (k->count == k->n)
		k->head = (k->head + 1) % k->n;
	else
		k->count++;
	free(k->line[at]);
	k->line[at] = strdup(line);
}

/* Reads whole lines from *off on; each goes to the ring (k) or is shown.
 * *off ends after the last whole line: a line still being written, or the
 * zero bytes of the window, are read again next time. */
static void read_on(FILE *f, off_t *off, struct last *k)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	clearerr(f);
	fseeko(f, *off, SEEK_SET);
	while ((n = trace_getline(&line, &cap, f)) > 0) {
		*off += n;
		if (k)
			keep(k, line);
		else
			show(line);
	}
	free(line);
	fflush(stdout);
}

static int ended(const char *dir)
{
	struct runinfo ri;
	struct err e = {0};
	if (runinfo_load(dir, &ri, &e))
		return 0;
	int done = runinfo_str(&ri, "exit_code", NULL) != NULL;
	runinfo_free(&ri);
	return done;
}

static void follow(const char *dir, FILE *f, off_t *off)
{
	struct timespec pause = {0, 200 * 1000000L};
	for (int quiet = 0; quiet < 3;) {
		/* An ended run may still add a line (a bail note) after run.json:
		 * three quiet looks at an ended run before stopping. */
		off_t before = *off;
		int done = ended(dir);
		read_on(f, off, NULL);
		quiet = done && *off == before ? quiet + 1 : 0;
		nanosleep(&pause, NULL);
	}
}

/* -f and -n N (at most a million lines kept); the run directory's index in
 * argv, or -1 after a message. */
static int parse(int argc, char **argv, int *follow_on, long *n)
{
	static const struct option longs[] = {{"follow", no_argument, NULL, 'f'},
	                                      {"lines", required_argument, NULL, 'n'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {NULL, 0, NULL, 0}};
	int opt;
	char *end;
	while ((opt = getopt_long(argc, argv, "fn:h", longs, NULL)) != -1) {
		if (opt == 'f') {
			*follow_on = 1;
			continue;
		}
		if (opt == 'n' && *optarg && (*n = strtol(optarg, &end, 10)) >= 0 &&
		    *n <= 1000000 && !*end)
			continue;
		fputs(tail_usage, opt == 'h' ? stdout : stderr);
		return opt == 'h' ? -2 : -1;
	}
	if (optind == argc - 1)
		return optind;
	fputs(tail_usage, stderr);
	return -1;
}

int cmd_tail(int argc, char **argv)
{
	int follow_on = 0;
	long n = 10;
	int d = parse(argc, argv, &follow_on, &n);
	if (d < 0)
		return d == -2 ? 0 : EXIT_USAGE;
	char path[4200];
	snprintf(path, sizeof path, "%s/trace.log", argv[d]);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench tail: %s: no trace.log (not a run directory?)\n", argv[d]);
		return EXIT_USAGE;
	}
	struct last k = {.line = calloc((size_t)n + 1, sizeof(char *)), .n = (size_t)n};
	if (!k.line) {
		fclose(f);
		fprintf(stderr, "bench tail: out of memory\n");
		return EXIT_USAGE;
	}
	off_t off = 0;
	read_on(f, &off, &k);
	for (size_t i = 0; i < k.count; i++)
		show(k.line[(k.head + i) % k.n]);
	for (size_t i = 0; i < k.n; i++)
		free(k.line[i]);
	free(k.line);
	fflush(stdout);
	if (follow_on)
		follow(argv[d], f, &off);
	fclose(f);
	return 0;
}
