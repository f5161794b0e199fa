/* Unit tests of bench/lib/card/cardnum.c: citizen ID and card face numbers
 * with their check characters, cn/an padding, dates, and random bytes.
 * Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/card/card.h"
#include "bench/base/base.h"
#include "random.h"
#include "tap.h"

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
	num[16] = cardnum_luhn(num, 16);
	num[17] = 0;
	tap_ok_diag(cardnum_face(num, &e) == 0,
	            "face number with the GB/T 14504 (Luhn) check digit valid", e.msg);
	num[16] = num[16] == '9' ? '0' : (char)(num[16] + 1);
	tap_ok_diag(cardnum_face(num, &e) < 0 && strstr(e.msg, "check"),
	            "face number with bad check digit fails", e.msg);
	tap_ok_diag(cardnum_face("61010201000000014", &e) < 0 && strstr(e.msg, "MOD 11,10"),
	            "a face number whose digit ISO 7064 MOD 11,10 gives fails, named so", e.msg);
	tap_ok_diag(cardnum_face("99999901000000010", &e) < 0 && strstr(e.msg, "region"),
	            "face number with unknown region fails", e.msg);
	tap_ok_diag(cardnum_face("6101130200000001", &e) < 0, "16-digit face number fails", e.msg);
	memcpy(num, "6101170100000001", 16); /* 高陵区: after table A.1 */
	num[16] = cardnum_luhn(num, 16);
	tap_ok_diag(cardnum_face(num, &e) == 1 && strstr(e.msg, "A.2"),
	            "a later county of a prefecture in table A.1: valid, noted", e.msg);
	memcpy(num, "6112010100000001", 16); /* prefecture 6112: not in the table */
	num[16] = cardnum_luhn(num, 16);
	tap_ok_diag(cardnum_face(num, &e) < 0 && strstr(e.msg, "region"),
	            "a county of a prefecture outside table A.1 fails", e.msg);
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
	tap_ok_diag(
	    cardnum_code("education", "20", &e) == 0 && cardnum_code("education", "91", &e) == 0 &&
	        cardnum_code("education", "5", &e) == 0 &&
	        cardnum_code("education", "05", &e) == 0 && cardnum_code("education", "6", &e) == 0,
	    "education 20, 91 (GB 4658), 5, 05, 6 (appendix E) are codes", e.msg);
	tap_ok(
	    cardnum_code("education", "07", &e) < 0 && cardnum_code("education", "7", &e) < 0 &&
	        cardnum_code("education", "00", &e) < 0 && cardnum_code("education", "0", &e) < 0 &&
	        cardnum_code("education", "", &e) < 0 && cardnum_code("education", "2A", &e) < 0 &&
	        cardnum_code("education", "123", &e) < 0,
	    "education 07, 7, 00, 0, '', 2A, 123 are not");
	tap_ok_diag(cardnum_code("blood", "1", &e) < 0 && e.code == EXIT_USAGE,
	            "an unknown code table is a usage error", e.msg);
	/* Worked by hand: P=10 -> 9,1,9,6 over 0,7,9,4; check (11-6) mod 10 = 5. */
	tap_ok_diag(cardnum_mod11_10("0794", 4) == '5', "MOD 11,10 of 0794 is 5", NULL);
	tap_ok_diag(cardnum_luhn("7992739871", 10) == '3', "Luhn of 7992739871 is 3", NULL);
	tap_ok_diag(cardnum_date("20240229", &e) == 0, "leap day 2024 valid", e.msg);
	tap_ok_diag(cardnum_date("20230229", &e) < 0, "29 Feb 2023 invalid", e.msg);
	tap_ok_diag(cardnum_date("2023013", &e) < 0, "7-digit date invalid", e.msg);
}

/* Random bytes (tests/unit/random.h) as cn and an fields: each call returns
 * a verdict, a rejection with its reason, an acceptance with no more than
 * the input holds (cn: only digits, at most two a byte; an: at most n
 * bytes). Under the ASan build an out-of-bounds access aborts the test. */
static void test_random(void)
{
	unsigned long long x = RANDOM_SEED;
	int bad = 0;
	char why[256] = "";
	for (int round = 0; round < RANDOM_ROUNDS && !bad; round++) {
		unsigned char b[64];
		size_t n = random_input(&x, round, b, sizeof b), len = 0;
		struct err e = {0};
		char dig[160];
		int rc = cardnum_cn(b, n, dig, sizeof dig, &e);
		if (rc < 0 && !e.msg[0])
			bad = 1, snprintf(why, sizeof why, "cn rejected without reason");
		else if (rc == 0 &&
		         (strlen(dig) > 2 * n || strspn(dig, "0123456789") != strlen(dig)))
			bad = 1, snprintf(why, sizeof why, "cn digits beyond the input: %s", dig);
		e.msg[0] = 0;
		rc = cardnum_an(b, n, &len, &e);
		if (rc < 0 && !e.msg[0])
			bad = 1, snprintf(why, sizeof why, "an rejected without reason");
		else if (rc == 0 && len > n)
			bad = 1, snprintf(why, sizeof why, "an text %zu bytes of %zu", len, n);
	}
	tap_ok_diag(!bad,
	            "200000 random inputs: cardnum_cn and cardnum_an return a verdict in bounds",
	            why);
}

int main(void)
{
	test_cardnum();
	test_random();
	return tap_done();
}
