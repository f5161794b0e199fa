/* Unit tests of bench/lib/card/atr.c: ATRs by hand (TCK, truncation, hostile
 * TD chains), random bytes, and a corpus of real ATRs. Prints TAP. Optional
 * argv[1]: a file of ATRs (pcsc-tools' smartcard_list.txt) every one of which
 * must parse or be rejected with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/card/card.h"
#include "bench/base/base.h"
#include "random.h"
#include "tap.h"

static int atr(const char *hex, struct atr *a, struct err *e)
{
	unsigned char b[64];
	size_t n = unhex(hex, b, sizeof b);
	memset(e, 0, sizeof *e);
	return atr_parse(b, n, a, e);
}

static void test_atr(void)
{
	struct atr a;
	struct err e;
	/* T=0 only, no TCK needed. */
	tap_ok_diag(atr("3B6800000073C84013009000", &a, &e) == 0 && a.hist_len == 8 &&
	                !a.tck_required && a.protocols == 1,
	            "ATR T=0 without TCK parses", e.msg);
	/* T=1 with TCK: 3B 80 81 31 FE 45 ... built so XOR = 0. */
	tap_ok_diag(atr("3B8F8001804F0CA000000306030001000000006A", &a, &e) == 0 &&
	                a.tck_required && a.has_tck && a.tck_ok && (a.protocols & 2),
	            "ATR T=1 (PC/SC storage card) with good TCK", e.msg);
	tap_ok_diag(atr("3B8F8001804F0CA000000306030001000000006B", &a, &e) == 0 && a.has_tck &&
	                !a.tck_ok,
	            "ATR with wrong TCK is flagged", e.msg);
	tap_ok_diag(atr("3B8F8001804F0CA0000003060300010000000000", &a, &e) < 0 ||
	                (a.has_tck && !a.tck_ok),
	            "ATR with zeroed TCK is not accepted", e.msg);
	tap_ok_diag(atr("3B8F8001804F0CA00000030603000100000000", &a, &e) == 0 && a.tck_required &&
	                !a.has_tck,
	            "ATR with T=1 but no TCK is flagged missing", e.msg);
	tap_ok_diag(atr("3B", &a, &e) < 0 && strstr(e.msg, "8.2.1"), "ATR of TS only is rejected",
	            e.msg);
	tap_ok_diag(atr("", &a, &e) < 0, "empty ATR is rejected", e.msg);
	tap_ok_diag(atr("3A6800000073C84013009000", &a, &e) < 0 && strstr(e.msg, "TS"),
	            "ATR with bad TS is rejected", e.msg);
	tap_ok_diag(atr("3BF0", &a, &e) < 0 && strstr(e.msg, "TA1"),
	            "ATR announcing TA1..TD1 but ending is rejected", e.msg);
	tap_ok_diag(atr("3B680000", &a, &e) < 0 && strstr(e.msg, "historical"),
	            "ATR with truncated historical bytes is rejected", e.msg);
	tap_ok_diag(atr("3B6800000073C84013009000AABB", &a, &e) < 0,
	            "ATR with trailing bytes is rejected", e.msg);
	/* Class indicator (§8.3): the first TA after a TD indicating T=15. */
	char cl[8];
	tap_ok_diag(atr("3B88801F040073C840130090006B", &a, &e) == 0 && a.class_ind == 4 &&
	                a.protocols == 1 && a.tck_required && a.tck_ok,
	            "T=0 card with class indicator C (TD2 = T=15, TA3 = 04)", e.msg);
	atr_classes(a.class_ind, cl);
	tap_ok(strcmp(cl, "C") == 0, "class indicator 04 reads as class C");
	tap_ok_diag(atr("3B88801FC30073C84013009000AC", &a, &e) == 0 && a.class_ind == 3,
	            "clock stop bits b7-b8 are not classes (TA3 = C3: classes A and B)", e.msg);
	atr_classes(a.class_ind, cl);
	tap_ok(strcmp(cl, "AB") == 0, "class indicator C3 reads as AB");
	tap_ok_diag(atr("3B8880811F020073C84013009000EC", &a, &e) == 0 && a.class_ind == 2 &&
	                a.protocols == 3,
	            "T=0/T=1 card with class B after TD3 = T=15", e.msg);
	tap_ok_diag(atr("3B88800F0073C840130090007F", &a, &e) == 0 && a.class_ind == -1,
	            "T=15 without TA: no class indicator", e.msg);
	tap_ok_diag(atr("3B6800000073C84013009000", &a, &e) == 0 && a.class_ind == -1,
	            "no T=15: no class indicator", e.msg);
	/* Hostile: TD chain that never ends (each TDi announces TDi+1). */
	tap_ok_diag(atr("3B80808080808080808080808080808080", &a, &e) < 0,
	            "ATR with endless TD chain is rejected", e.msg);
	tap_ok_diag(atr("3B8F8001804F0CA000000306030001000000006A0000000000000000000000", &a, &e) <
	                0,
	            "over-long ATR is rejected", e.msg);
}

/* Random bytes (tests/unit/random.h): every call returns a verdict, a
 * rejection with its reason, an acceptance with its historical bytes inside
 * the input. Under the ASan build a read outside the input aborts the test. */
static void test_random(void)
{
	unsigned long long x = RANDOM_SEED;
	int bad = 0;
	char why[256] = "";
	for (int round = 0; round < RANDOM_ROUNDS && !bad; round++) {
		unsigned char b[64];
		size_t n = random_input(&x, round, b, sizeof b);
		struct err e = {0};
		struct atr a;
		int rc = atr_parse(b, n, &a, &e);
		if (rc < 0 && !e.msg[0])
			bad = 1, snprintf(why, sizeof why, "ATR rejected without reason");
		else if (rc == 0 && a.hist_off + a.hist_len > n)
			bad = 1, snprintf(why, sizeof why, "historical bytes outside the input");
	}
	tap_ok_diag(!bad, "200000 random inputs: atr_parse returns a verdict in bounds", why);
}

/* Every ATR line of smartcard_list.txt parses or is rejected with a reason;
 * most real ATRs must parse (a parser that rejects everything fails). */
static void test_corpus(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		tap_skip("no ATR corpus at %s", path);
		return;
	}
	char line[1024];
	int total = 0, parsed = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] != '3')
			continue;
		unsigned char b[128];
		long n = hex_decode(strtok(line, "\r\n"), b, sizeof b);
		if (n < 0)
			continue; /* wildcard ATRs with '.' */
		struct atr a;
		struct err e = {0};
		total++;
		if (atr_parse(b, (size_t)n, &a, &e) == 0)
			parsed++;
		else if (!e.msg[0])
			tap_ok_diag(0, "rejection without a reason", line);
	}
	fclose(f);
	char diag[128];
	snprintf(diag, sizeof diag, "%d of %d parsed", parsed, total);
	tap_ok_diag(total > 1000 && parsed * 10 > total * 9, "real ATR corpus mostly parses", diag);
}

int main(int argc, char **argv)
{
	test_atr();
	test_random();
	test_corpus(argc > 1 ? argv[1] : "/usr/share/pcsc/smartcard_list.txt");
	return tap_done();
}
