/* bench verify DIR: the signature over manifest.json, the hash of every file
 * it lists, and the trace.log hash chain. The first problem found is named
 * (file, or trace.log:line) and the exit status is 1. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "bench/record/record.h"
#include "bench/report/report.h"
#include "bench/base/base.h"

static const char verify_usage[] =
    "usage: bench verify [--pubkey FILE] [--unsigned-ok] DIR\n"
    "  Checks DIR/manifest.sig over manifest.json, every file hash it lists, and\n"
    "  the trace.log hash chain. --pubkey pins the lab's public key (PEM);\n"
    "  --unsigned-ok accepts a run written without a lab key.\n"
    "exit: 0 intact, 1 tampered or unsigned (names the file / line), 2 usage\n";

/* Line i's stored hash must be the hash of line i-1 (the manifest's
 * trace_head plays line n+1). A single edit of line k breaks the check at
 * k+1 (its text) or at k and k+1 (its hash field or seq): so the first
 * break at i blames line i when i+1 breaks too, else line i-1. */
static long chain_blame(FILE *f, const char *genesis, const char *head)
{
	char prev[SHA256_HEX], *line = NULL;
	snprintf(prev, sizeof prev, "%s", genesis);
	size_t cap = 0;
	ssize_t n;
	long no = 0, first_bad = 0, blamed = 0;
	unsigned long seq = 0;
	while (!blamed && (n = getline(&line, &cap, f)) > 0) {
		no++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		char *tab = strrchr(line, '\t');
		unsigned long s = strtoul(line, NULL, 10);
		int ok = tab && strcmp(tab + 1, prev) == 0 && s == seq + 1;
		seq = s;
		if (first_bad)
			blamed = ok ? first_bad - 1 : first_bad;
		else if (!ok)
			first_bad = no;
		sha256_hex(line, (size_t)n, prev);
	}
	free(line);
	int head_ok = head && strcmp(prev, head) == 0;
	if (!blamed && first_bad)
		blamed = head_ok ? first_bad - 1 : first_bad;
	else if (!blamed && !head_ok)
		blamed = no ? no : 1;
	return blamed < 1 && first_bad ? 1 : blamed;
}

static int chain_check(const char *dir, const char *run_id, const char *head, struct err *e)
{
	char p[4200], genesis[SHA256_HEX];
	snprintf(p, sizeof p, "%s/trace.log", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return err_set(e, EXIT_FAILED, "trace.log: missing");
	trace_genesis(run_id, genesis);
	long bad = chain_blame(f, genesis, head);
	fclose(f);
	if (bad)
		return err_set(
		    e, EXIT_FAILED,
		    "trace.log:%ld: hash chain broken: line altered, removed or inserted", bad);
	return 0;
}

static const char *str_of(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);
	return n && n->kind == YN_SCALAR ? n->str : NULL;
}

static int files_check(const char *dir, const struct ynode *files, struct err *e)
{
	if (!files || files->kind != YN_MAP)
		return err_set(e, EXIT_FAILED, "manifest.json: no \"files\" object");
	for (size_t i = 0; i < files->nkids; i++) {
		const struct ynode *k = &files->kids[i];
		char p[4200], hex[SHA256_HEX];
		snprintf(p, sizeof p, "%s/%s", dir, k->key);
		if (strchr(k->key, '/') || access(p, F_OK))
			return err_set(e, EXIT_FAILED, "%s: listed in the manifest but missing",
			               k->key);
		if (sha256_file(p, hex, e))
			return -1;
		if (k->kind != YN_SCALAR || strcmp(hex, k->str) != 0)
			return err_set(e, EXIT_FAILED,
			               "%s: SHA-256 differs from the manifest "
			               "(file altered)",
			               k->key);
	}
	for (const char *const *n = manifest_files; *n; n++) {
		char p[4200];
		snprintf(p, sizeof p, "%s/%s", dir, *n);
		if (!access(p, F_OK) && !ynode_get(files, *n))
			return err_set(e, EXIT_FAILED, "%s: present but not in the manifest", *n);
	}
	return 0;
}

static int verify_dir(const char *dir, const char *pin, int unsigned_ok, struct err *e)
{
	char fpr[65] = "";
	int sig = manifest_check_sig(dir, pin, fpr, e);
	if (sig < 0)
		return -1;
	if (sig == 1 && !unsigned_ok)
		return err_set(e, EXIT_FAILED,
		               "manifest.sig: missing: the run is not signed "
		               "(no lab_key in the station; --unsigned-ok accepts that)");
	char p[4200];
	snprintf(p, sizeof p, "%s/manifest.json", dir);
	struct ynode *m = ynode_load_file(p, e);
	if (!m)
		return e->code = EXIT_FAILED, -1;
	const char *id = m->kind == YN_MAP ? str_of(m, "run_id") : NULL;
	int rc = !id ? err_set(e, EXIT_FAILED, "manifest.json: no run_id") : 0;
	if (!rc)
		rc = chain_check(dir, id, str_of(m, "trace_head"), e);
	if (!rc)
		rc = files_check(dir, ynode_get(m, "files"), e);
	ynode_free(m);
	if (!rc)
		printf("bench verify: %s: intact; %s%s\n", dir,
		       sig ? "NOT SIGNED" : "signed by key sha256:", fpr);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longs[] = {{"pubkey", required_argument, NULL, 'p'},
	                                      {"unsigned-ok", no_argument, NULL, 'u'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {NULL, 0, NULL, 0}};
	const char *pin = NULL;
	int unsigned_ok = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:uh", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(verify_usage, stdout);
			return 0;
		}
		if (c == 'p')
			pin = optarg;
		else if (c == 'u')
			unsigned_ok = 1;
		else {
			fputs(verify_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(verify_usage, stderr);
		return EXIT_USAGE;
	}
	struct err e = {0};
	if (verify_dir(argv[optind], pin, unsigned_ok, &e)) {
		fprintf(stderr, "bench verify: %s: %s\n", argv[optind], e.msg);
		return e.code ? e.code : EXIT_FAILED;
	}
	return 0;
}
