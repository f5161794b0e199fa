/* Unit tests of the card parsers (ATR, BER-TLV/FCI, card numbers), with
 * truncated and hostile inputs. Prints TAP. Optional argv[1]: a file of ATRs
 * (pcsc-tools' smartcard_list.txt) every one of which must parse or be
 * rejected without a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/card/card.h"
#include "bench/base/base.h"
#include "tap.h"

static size_t unhex(const char *s, unsigned char *b, size_t cap)
{
	long n = hex_decode(s, b, cap);
	if (n < 0) {
		fprintf(stderr, "bad test vector %s\n", s);
		exit(2);
	}
	return (size_t)n;
}

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
	/* Hostile: TD chain that never ends (each TDi announces TDi+1). */
	tap_ok_diag(atr("3B80808080808080808080808080808080", &a, &e) < 0,
	            "ATR with endless TD chain is rejected", e.msg);
	tap_ok_diag(atr("3B8F8001804F0CA000000306030001000000006A0000000000000000000000", &a, &e) <
	                0,
	            "over-long ATR is rejected", e.msg);
}

static int fci(const char *hex, struct fci *f, struct err *e)
{
	unsigned char b[512];
	size_t n = unhex(hex, b, sizeof b);
	memset(e, 0, sizeof *e);
	return tlv_fci(b, n, f, e);
}

static void test_tlv(void)
{
	struct fci f;
	struct err e;
	tap_ok_diag(fci("6F0A840531504159A5019000", &f, &e) < 0, "FCI with SW glued on is rejected",
	            e.msg);
	tap_ok_diag(fci("6F0B8405315041592EA502880101", &f, &e) < 0,
	            "FCI with bad lengths rejected", e.msg);
	tap_ok_diag(fci("6F0C840531504159"
	                "2EA503880101",
	                &f, &e) == 0 &&
	                f.df_name && f.df_name_len == 5 && f.prop && f.prop_len == 3,
	            "FCI with 84 and A5 parses", e.msg);
	tap_ok_diag(fci("6F05A503880101", &f, &e) == 0 && !f.df_name, "FCI without 84 flags it",
	            e.msg);
	tap_ok_diag(fci("6F", &f, &e) < 0, "truncated FCI (tag only) is rejected", e.msg);
	tap_ok_diag(fci("6F81", &f, &e) < 0, "truncated FCI (long form length) is rejected", e.msg);
	tap_ok_diag(fci("6F84FFFFFFFF", &f, &e) < 0, "FCI with 4-byte length is rejected", e.msg);
	tap_ok_diag(fci("6F820100", &f, &e) < 0 && strstr(e.msg, "past"),
	            "FCI with length past the end is rejected", e.msg);
	tap_ok_diag(fci("6F80", &f, &e) < 0, "indefinite length is rejected", e.msg);
	tap_ok_diag(fci("6F038400", &f, &e) < 0, "FCI with empty 84 is rejected", e.msg);
	tap_ok_diag(fci("6F03840211", &f, &e) < 0, "FCI with inner tag truncated is rejected",
	            e.msg);
	tap_ok_diag(fci("840131", &f, &e) < 0, "FCI not starting with 6F is rejected", e.msg);

	/* Hostile nesting: 20 levels of constructed tags. */
	unsigned char deep[64];
	for (int i = 0; i < 20; i++) {
		deep[2 * i] = 0xA0;
		deep[2 * i + 1] = (unsigned char)(38 - 2 * i);
	}
	memset(&e, 0, sizeof e);
	tap_ok_diag(tlv_check(deep, 40, &e) < 0 && strstr(e.msg, "deeper"),
	            "TLV nested 20 deep is refused", e.msg);
	unsigned char b[32];
	size_t n = unhex("9F3803010203BF0C0461025F2D", b, sizeof b);
	struct tlv x;
	memset(&e, 0, sizeof e);
	tap_ok_diag(tlv_find(b, n, 0x9F38, &x, &e) == 1 && x.len == 3, "two-byte tag found", e.msg);
	tap_ok_diag(tlv_find(b, n, 0x5F2D, &x, &e) < 0, "truncated nested tag is an error", e.msg);
	n = unhex("9FFFFFFF0100", b, sizeof b);
	tap_ok_diag(tlv_check(b, n, &e) < 0, "tag longer than 3 bytes is rejected", e.msg);
}

static void test_cardnum(void)
{
	struct err e = {0};
	tap_ok_diag(cardnum_id("11010519491231002X", &e) == 0, "GB 11643 example ID valid", e.msg);
	tap_ok_diag(cardnum_id("110105194912310021", &e) < 0 && strstr(e.msg, "check"),
	            "ID with wrong check character fails", e.msg);
	tap_ok_diag(cardnum_id("11010519491331002X", &e) < 0, "ID with month 13 fails", e.msg);
	tap_ok_diag(cardnum_id("99010519491231002X", &e) < 0, "ID with unknown province fails",
	            e.msg);
	tap_ok_diag(cardnum_id("1101051949123100", &e) < 0, "short ID fails", e.msg);
	tap_ok_diag(cardnum_id("", &e) < 0, "empty ID fails", e.msg);
	char num[18] = "6101130100000001";
	num[16] = cardnum_mod11_10(num, 16);
	num[17] = 0;
	tap_ok_diag(cardnum_face(num, &e) == 0, "face number with MOD 11,10 check digit valid",
	            e.msg);
	num[16] = num[16] == '9' ? '0' : (char)(num[16] + 1);
	tap_ok_diag(cardnum_face(num, &e) < 0 && strstr(e.msg, "check"),
	            "face number with bad check digit fails", e.msg);
	tap_ok_diag(cardnum_face("99999901000000010", &e) < 0 && strstr(e.msg, "region"),
	            "face number with unknown region fails", e.msg);
	tap_ok_diag(cardnum_face("6101130200000001", &e) < 0, "16-digit face number fails", e.msg);
	char dig[64];
	unsigned char b[16];
	size_t n = unhex("20140101", b, sizeof b);
	tap_ok_diag(cardnum_cn(b, n, dig, sizeof dig, &e) == 0 && strcmp(dig, "20140101") == 0,
	            "cn date decodes", e.msg);
	n = unhex("123FFF", b, sizeof b);
	tap_ok_diag(cardnum_cn(b, n, dig, sizeof dig, &e) == 0 && strcmp(dig, "123") == 0,
	            "cn right-padded with F", e.msg);
	n = unhex("12F0FF", b, sizeof b);
	tap_ok_diag(cardnum_cn(b, n, dig, sizeof dig, &e) < 0, "cn digit after F fails", e.msg);
	n = unhex("1A", b, sizeof b);
	tap_ok_diag(cardnum_cn(b, n, dig, sizeof dig, &e) < 0, "cn with nibble A fails", e.msg);
	size_t len = 0;
	n = unhex("41420000", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) == 0 && len == 2, "an right-padded with 00", e.msg);
	n = unhex("41420020", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0, "an with byte after padding fails", e.msg);
	n = unhex("4142FFFF", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0 && strstr(e.msg, "GBK"),
	            "an padded with FF fails: FF is neither ASCII nor GBK", e.msg);
	n = unhex("41422020", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0 && strstr(e.msg, "space"),
	            "an padded with spaces fails", e.msg);
	n = unhex("20414200", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0, "an with a leading space fails", e.msg);
	n = unhex("D5C5C8FD0000", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) == 0 && len == 4, "GBK name (Zhang San) is an",
	            e.msg);
	n = unhex("D5C5C80000", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0, "GBK lead byte without its trail fails", e.msg);
	n = unhex("D57F00", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0, "GBK trail byte 7F fails", e.msg);
	n = unhex("41094200", b, sizeof b);
	tap_ok_diag(cardnum_an(b, n, &len, &e) < 0, "an with a control byte fails", e.msg);
	tap_ok_diag(cardnum_region("610102", &e) == 0, "region 610102 in form", e.msg);
	tap_ok_diag(cardnum_region("469001", &e) == 0, "region 469001 (prefecture 90) in form",
	            e.msg);
	tap_ok_diag(cardnum_region("990000", &e) < 0 && strstr(e.msg, "province"),
	            "region 990000: no province", e.msg);
	tap_ok_diag(cardnum_region("618000", &e) < 0, "region 618000: prefecture 80", e.msg);
	tap_ok_diag(cardnum_region("610012", &e) < 0, "region 610012: county under prefecture 00",
	            e.msg);
	tap_ok_diag(cardnum_region("61010", &e) < 0, "5-digit region fails", e.msg);
	char id[19] = "11710519491231002";
	id[17] = cardnum_mod11_2(id), id[18] = 0; /* valid but for its region */
	tap_ok_diag(cardnum_id(id, &e) < 0 && strstr(e.msg, "prefecture"),
	            "ID whose region has prefecture 71 fails", e.msg);
	tap_ok_diag(cardnum_id_sex("610102199003070024") == 2, "ID digit 17 even: female", NULL);
	tap_ok_diag(cardnum_id_sex("11010519491231001X") == 1, "ID digit 17 odd: male", NULL);
	tap_ok_diag(cardnum_code("sex", "9", &e) == 0, "sex 9 (not stated) is a GB/T 2261.1 code",
	            e.msg);
	tap_ok_diag(cardnum_code("sex", "3", &e) < 0, "sex 3 is no code", e.msg);
	tap_ok_diag(cardnum_code("nation", "56", &e) == 0 && cardnum_code("nation", "98", &e) == 0,
	            "nations 56 and 98 are GB 3304 codes", e.msg);
	tap_ok_diag(cardnum_code("nation", "57", &e) < 0 && cardnum_code("nation", "1", &e) < 0,
	            "nation 57 and 1 are no codes", e.msg);
	tap_ok_diag(cardnum_code("marital", "5", &e) == 0 && cardnum_code("marital", "6", &e) < 0,
	            "marital 5 is an appendix E code, 6 is not", e.msg);
	tap_ok_diag(cardnum_code("education", "20", &e) == 0 &&
	                cardnum_code("education", "02", &e) < 0 &&
	                cardnum_code("education", "2", &e) < 0,
	            "education 20 is a GB 4658 code, 02 and 2 are not", e.msg);
	tap_ok_diag(cardnum_code("blood", "1", &e) < 0 && e.code == EXIT_USAGE,
	            "an unknown code table is a usage error", e.msg);
	/* Worked by hand: P=10 -> 9,1,9,6 over 0,7,9,4; check (11-6) mod 10 = 5. */
	tap_ok_diag(cardnum_mod11_10("0794", 4) == '5', "MOD 11,10 of 0794 is 5", NULL);
	tap_ok_diag(cardnum_luhn("7992739871", 10) == '3', "Luhn of 7992739871 is 3", NULL);
	tap_ok_diag(cardnum_date("20240229", &e) == 0, "leap day 2024 valid", e.msg);
	tap_ok_diag(cardnum_date("20230229", &e) < 0, "29 Feb 2023 invalid", e.msg);
	tap_ok_diag(cardnum_date("2023013", &e) < 0, "7-digit date invalid", e.msg);
}

/* Random bytes through every parser: each call must return with a verdict
 * (a reason on rejection) and keep its pointers inside the input. Under the
 * ASan build an out-of-bounds read aborts the test. */
static void test_random(void)
{
	unsigned long long x = 0x9E3779B97F4A7C15ull;
	int bad = 0;
	char why[256] = "";
	for (int round = 0; round < 200000 && !bad; round++) {
		unsigned char b[64];
		size_t n = 0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = (size_t)(x % sizeof b);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[i] = (unsigned char)x;
		}
		if (round % 2 && n > 1)
			b[0] = 0x6F, b[1] = (unsigned char)(n - 2); /* mostly-plausible FCIs */
		struct err e = {0};
		struct atr a;
		struct fci f;
		char dig[160];
		size_t len;
		if (atr_parse(b, n, &a, &e) < 0 && !e.msg[0])
			bad = 1, snprintf(why, sizeof why, "ATR rejected without reason");
		e.msg[0] = 0;
		if (tlv_check(b, n, &e) < 0 && !e.msg[0])
			bad = 1, snprintf(why, sizeof why, "TLV rejected without reason");
		e.msg[0] = 0;
		if (tlv_fci(b, n, &f, &e) == 0 && f.df_name &&
		    (f.df_name < b || f.df_name + f.df_name_len > b + n))
			bad = 1, snprintf(why, sizeof why, "FCI DF name outside the input");
		cardnum_cn(b, n, dig, sizeof dig, &e);
		cardnum_an(b, n, &len, &e);
	}
	tap_ok_diag(!bad, "200000 random inputs: every parser returns a verdict in bounds", why);
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
	test_tlv();
	test_cardnum();
	test_random();
	test_corpus(argc > 1 ? argv[1] : "/usr/share/pcsc/smartcard_list.txt");
	return tap_done();
}
