/* bench verify DIR: the signature over manifest.json, the trace.log hash
 * chain, the hash of every file it lists, that the trace covers every verdict
 * of the journal, every scan's hash against its trace line (verify_scans.c),
 * and that the signer is a key the lab trusts. The first
 * problem found is named (file, or trace.log:line) and the exit status is 1. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "bench/record/record.h"
#include "bench/report/report.h"
#include "bench/base/base.h"

#define DEFAULT_TRUST "/etc/bench/trusted-keys"

static const char verify_usage[] =
    "usage: bench verify [--trust FILE] [--pubkey FILE] [--unsigned-ok] DIR\n"
    "  Checks DIR/manifest.sig over manifest.json, the trace.log hash chain, every\n"
    "  file hash the manifest lists, that trace.log has the lines of every test the\n"
    "  journal records, and that the signer is a key the lab trusts: one listed in\n"
    "  --trust FILE (default $BENCH_TRUST, else " DEFAULT_TRUST "; one key or\n"
    "  sha256:<fingerprint> a line, # comments), and with --pubkey, that PEM key.\n"
    "  --unsigned-ok accepts a run written without a lab key (said on stdout).\n"
    "exit: 0 intact and signed by a trusted key, 1 tampered, incomplete, or not\n"
    "  verified against a trusted key (names the file / line), 2 usage\n";

struct vopts {
	const char *pin, *trust;
	int unsigned_ok;
};

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
	while (!blamed && (n = trace_getline(&line, &cap, f)) > 0) {
		no++;
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
		const char *const *known = manifest_files;
		while (*known && strcmp(*known, k->key) != 0)
			known++;
		if (!*known)
			return err_set(e, EXIT_FAILED,
			               "manifest.json: lists \"%s\", not a run's file", k->key);
		if (access(p, F_OK))
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

/* Reads trace.log on to the line that marks test id's start (bench/engine
 * exec.c: trace_test_begin); 0 when the file ends first. */
static int traced(FILE *t, const char *id)
{
	char *line = NULL;
	size_t cap = 0, idl = strlen(id);
	int found = 0;
	while (!found && trace_getline(&line, &cap, t) > 0) {
		char *p = line;
		for (int f = 0; f < 3 && p; f++) /* seq, wall, mono */
			p = (p = strchr(p, ' ')) ? p + 1 : NULL;
		found = p && strncmp(p, "bench test ", 11) == 0 && strncmp(p + 11, id, idl) == 0 &&
		        strncmp(p + 11 + idl, " begins\t", 8) == 0;
	}
	free(line);
	return found;
}

/* Each point the journal records ran with trace.log open: its start is in
 * the trace, in journal order within its suite (an interrupted attempt adds
 * starts of its own, skipped; suites that ran side by side, --jobs,
 * interleave theirs, so each suite is followed from the trace's start). A
 * run that lost evidence says so with a bail record. */
static int cover_check(const char *dir, struct err *e)
{
	char jp[4200], tp[4200];
	snprintf(jp, sizeof jp, "%s/journal", dir);
	snprintf(tp, sizeof tp, "%s/trace.log", dir);
	FILE *j = fopen(jp, "r"), *t = fopen(tp, "r");
	struct jrec r = {0};
	int rc =
	    !j || !t ? err_set(e, EXIT_FAILED, "%s: missing", !j ? "journal" : "trace.log") : 0;
	if (!rc)
		rc = journal_by_suite(&j, jp, e);
	for (int suite = -1; !rc && (rc = journal_read(j, jp, &r, e)) == 1;) {
		rc = 0;
		if (r.kind == 'R' && r.suite != suite) {
			rewind(t);
			suite = r.suite;
		}
		if (r.kind == 'B')
			rc =
			    err_set(e, EXIT_FAILED,
			            "journal: the run did not keep all its evidence and bailed out "
			            "(%s)",
			            r.tap);
		else if (r.kind == 'R' && !traced(t, r.id))
			rc = err_set(e, EXIT_FAILED,
			             "trace.log: has no lines of test %s (%s, point %d), which the "
			             "journal records as %s: the trace does not cover the run",
			             r.id, r.suite_path, r.num, r.verdict);
	}
	if (rc < 0 && e->code != EXIT_FAILED)
		e->code = EXIT_FAILED;
	jrec_free(&r);
	if (j)
		fclose(j);
	if (t)
		fclose(t);
	return rc < 0 ? -1 : 0;
}

static const char *trust_source(const struct vopts *o)
{
	const char *env = getenv("BENCH_TRUST");
	if (o->trust)
		return o->trust;
	if (env && *env)
		return env;
	return access(DEFAULT_TRUST, F_OK) == 0 ? DEFAULT_TRUST : NULL;
}

/* Anyone can make a key and re-sign an edited run: only a signer the lab
 * trusts ties the run to the lab. Prints the verdict line on success. */
static int trusted(const char *dir, int sig, const char *fpr, const struct vopts *o, struct err *e)
{
	if (sig == 1 && !o->unsigned_ok)
		return err_set(
		    e, EXIT_FAILED,
		    "manifest.sig: missing: the run is not signed, so it is not verified "
		    "against a trusted key (no lab_key in the station; --unsigned-ok "
		    "accepts that)");
	if (sig == 1) {
		printf("bench verify: %s: intact; NOT SIGNED: not verified against a trusted key\n",
		       dir);
		return 0;
	}
	char pin[SHA256_HEX];
	if (o->pin && key_fpr_file(o->pin, 0, pin, e))
		return -1;
	if (o->pin && strcmp(pin, fpr) != 0)
		return err_set(e, EXIT_FAILED, "manifest.sig: signed by key sha256:%s, not by %s",
		               fpr, o->pin);
	const char *src = trust_source(o), *label = NULL;
	struct trust t = {0};
	if (src && trust_load(src, &t, e))
		return -1;
	if (src && !(label = trust_find(&t, fpr)))
		err_set(e, EXIT_FAILED,
		        "manifest.sig: signed by key sha256:%s, which the trust list %s does not "
		        "list: not verified against a trusted key",
		        fpr, src);
	else if (!src && !o->pin)
		err_set(
		    e, EXIT_FAILED,
		    "manifest.sig: signed by key sha256:%s, not verified against a trusted key: "
		    "no trust list (--trust FILE, $BENCH_TRUST or " DEFAULT_TRUST ")",
		    fpr);
	else
		printf("bench verify: %s: intact; signed by key sha256:%s, trusted (%s%s%s)\n", dir,
		       fpr, src ? src : o->pin, label && *label ? ": " : "", label ? label : "");
	trust_free(&t);
	return e->code ? -1 : 0;
}

static int verify_dir(const char *dir, const struct vopts *o, struct err *e)
{
	char fpr[SHA256_HEX] = "";
	int sig = manifest_check_sig(dir, fpr, e);
	if (sig < 0)
		return -1;
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
	if (!rc)
		rc = cover_check(dir, e);
	if (!rc)
		rc = verify_scans(dir, e);
	/* The key the station named when the run started (run.json has it too). */
	const char *named = !rc && !sig ? str_of(m, "lab_key_fingerprint") : NULL;
	if (named && (strncmp(named, "sha256:", 7) != 0 || strcmp(named + 7, fpr) != 0))
		fprintf(stderr,
		        "bench verify: note: signed by key sha256:%s; the station named %s\n", fpr,
		        named);
	if (!rc)
		rc = trusted(dir, sig, fpr, o, e);
	ynode_free(m);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longs[] = {{"pubkey", required_argument, NULL, 'p'},
	                                      {"trust", required_argument, NULL, 't'},
	                                      {"unsigned-ok", no_argument, NULL, 'u'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {NULL, 0, NULL, 0}};
	struct vopts o = {0};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:t:uh", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(verify_usage, stdout);
			return 0;
		}
		if (c == 'p')
			o.pin = optarg;
		else if (c == 't')
			o.trust = optarg;
		else if (c == 'u')
			o.unsigned_ok = 1;
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
	if (verify_dir(argv[optind], &o, &e)) {
		fprintf(stderr, "bench verify: %s: %s\n", argv[optind], e.msg);
		return e.code ? e.code : EXIT_FAILED;
	}
	return 0;
}
