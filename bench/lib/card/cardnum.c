/* Check-digit and padding rules. The tables come from the standards; the
 * seeds under /work/shared/seeds are the reference texts. */
#include <stdio.h>
#include <string.h>

#include "card.h"

/* GF 61/T PT002-2014 table A.1: Shaanxi county-and-above region codes. */
static const char *const regions[] = {
    "610000", "610100", "610102", "610103", "610104", "610111", "610112", "610113", "610114",
    "610115", "610116", "610122", "610124", "610125", "610126", "610200", "610202", "610203",
    "610204", "610222", "610300", "610302", "610303", "610304", "610322", "610323", "610324",
    "610326", "610327", "610328", "610329", "610330", "610331", "610400", "610402", "610404",
    "610422", "610423", "610424", "610425", "610426", "610427", "610428", "610429", "610430",
    "610431", "610481", "610500", "610502", "610521", "610522", "610523", "610524", "610525",
    "610526", "610527", "610528", "610581", "610582", "610600", "610602", "610621", "610622",
    "610623", "610624", "610625", "610626", "610627", "610628", "610629", "610630", "610631",
    "610632", "610700", "610702", "610721", "610722", "610723", "610724", "610725", "610726",
    "610727", "610728", "610729", "610730", "610800", "610802", "610821", "610822", "610823",
    "610824", "610825", "610826", "610827", "610828", "610829", "610830", "610831", "610900",
    "610902", "610921", "610922", "610923", "610924", "610925", "610926", "610927", "610928",
    "610929", "611000", "611002", "611021", "611022", "611023", "611024", "611025", "611026",
    "611100", NULL,
};

/* GB/T 2260 province-level codes (first two digits). */
static const char *const provinces =
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 "
    "63 64 65 71 81 82 ";

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

char cardnum_mod11_2(const char *d)
{
	/* Weights are 2^(17-i) mod 11 for positions i = 0..16. */
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	int c = (12 - sum % 11) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

char cardnum_luhn(const char *d, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

char cardnum_mod11_10(const char *d, size_t n)
{
	int p = 10;
	for (size_t i = 0; i < n; i++) {
		int s = (p + d[i] - '0') % 10;
		p = (s ? s : 10) * 2 % 11;
	}
	return (char)('0' + (11 - p) % 10);
}

int cardnum_region_known(const char *code6)
{
	for (size_t i = 0; regions[i]; i++)
		if (strncmp(regions[i], code6, 6) == 0)
			return 1;
	return 0;
}

/* Appendix A.2's note: Shaanxi codes created after table A.1 stand as the
 * National Bureau of Statistics publishes them (高陵区 610117, 神木市
 * 610881, ...): 61, a prefecture of the table, any county digits. Whether
 * one exists the bench cannot tell offline: the caller notes it. */
static int region_later(const char *code6)
{
	char pref[7];
	snprintf(pref, sizeof pref, "%.4s00", code6);
	return strncmp(code6, "61", 2) == 0 && strcmp(pref, "610000") != 0 &&
	       all_digits(code6, 6) && cardnum_region_known(pref);
}

int cardnum_date(const char *s, struct err *e)
{
	if (strlen(s) != 8 || !all_digits(s, 8))
		return err_set(e, EXIT_FAILED, "date '%s' is not 8 digits YYYYMMDD", s);
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[4] - '0') * 10 + (s[5] - '0');
	int d = (s[6] - '0') * 10 + (s[7] - '0');
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2099)
		return err_set(e, EXIT_FAILED, "date %s: year out of 1900..2099", s);
	if (m < 1 || m > 12)
		return err_set(e, EXIT_FAILED, "date %s: month %02d", s, m);
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return err_set(e, EXIT_FAILED, "date %s: day %02d does not exist", s, d);
	return 0;
}

int cardnum_id(const char *id, struct err *e)
{
	if (strlen(id) != 18)
		return err_set(e, EXIT_FAILED,
		               "ID number '%s' has %zu characters, GB 11643 needs 18", id,
		               strlen(id));
	if (!all_digits(id, 17))
		return err_set(e, EXIT_FAILED, "ID number '%s': positions 1-17 must be digits", id);
	char region[7];
	memcpy(region, id, 6);
	region[6] = 0;
	if (cardnum_region(region, e) < 0)
		return err_prefix(e, "ID number '%s'", id);
	char birth[9];
	memcpy(birth, id + 6, 8);
	birth[8] = 0;
	if (cardnum_date(birth, e) < 0)
		return err_prefix(e, "ID number '%s' birth date", id);
	char c = cardnum_mod11_2(id);
	if (id[17] != c)
		return err_set(e, EXIT_FAILED,
		               "ID number '%s': check character %c, ISO 7064 MOD 11-2 gives %c", id,
		               id[17], c);
	return 0;
}

int cardnum_face(const char *num, struct err *e)
{
	size_t n = strlen(num);
	if (n != 17 || !all_digits(num, 17))
		return err_set(e, EXIT_FAILED, "card face number '%s' must be 17 digits (A.1)",
		               num);
	int later = !cardnum_region_known(num);
	if (later && !region_later(num))
		return err_set(
		    e, EXIT_FAILED,
		    "card face number '%s': region %.6s is not in table A.1, nor a later "
		    "code of one of its prefectures (A.2's note)",
		    num, num);
	if (strncmp(num + 6, "01", 2) != 0)
		return err_set(e, EXIT_FAILED,
		               "card face number '%s': industry code %.2s, A.1 defines only 01",
		               num, num + 6);
	/* Appendix A: "校验数算法见GB/T 14504", the bank card standard, whose
	 * check digit is ISO/IEC 7812-1's Luhn formula. A card whose digit
	 * another algorithm gives is named so. */
	char c = cardnum_luhn(num, 16);
	if (num[16] != c)
		return err_set(
		    e, EXIT_FAILED,
		    "card face number '%s': check digit %c, GB/T 14504 (Luhn) gives %c%s", num,
		    num[16], c,
		    num[16] == cardnum_mod11_10(num, 16) ? " (ISO 7064 MOD 11,10 gives the "
		                                           "card's: not the algorithm "
		                                           "appendix A names)"
		                                         : "");
	if (later) {
		snprintf(e->msg, sizeof e->msg,
		         "region %.6s is not in table A.1: taken as a later code of its prefecture "
		         "%.4s00 (appendix A.2's note), not checked against the latest list",
		         num, num);
		return 1;
	}
	return 0;
}

int cardnum_cn(const unsigned char *b, size_t n, char *out, size_t cap, struct err *e)
{
	size_t k = 0;
	int padding = 0;
	for (size_t i = 0; i < 2 * n; i++) {
		unsigned v = i % 2 ? b[i / 2] & 0x0F : b[i / 2] >> 4;
		if (v == 0x0F) {
			padding = 1;
			continue;
		}
		if (padding)
			return err_set(
			    e, EXIT_FAILED,
			    "cn: digit after F padding at nibble %zu (F.1: left-aligned, "
			    "right-padded with F)",
			    i);
		if (v > 9)
			return err_set(e, EXIT_FAILED, "cn: nibble %X at %zu is not a digit", v, i);
		if (k + 1 >= cap)
			return err_set(e, EXIT_USAGE, "cn: output buffer too small");
		out[k++] = (char)('0' + v);
	}
	out[k] = 0;
	return 0;
}

/* One GBK character at b[i] (GBK: lead 81-FE, trail 40-7E or 80-FE);
 * returns its length, 0 when b[i] starts none. */
static size_t gbk_char(const unsigned char *b, size_t i, size_t n)
{
	if (b[i] >= 0x20 && b[i] < 0x7F)
		return 1;
	if (b[i] < 0x81 || b[i] == 0xFF || i + 1 >= n)
		return 0;
	unsigned t = b[i + 1];
	return t >= 0x40 && t <= 0xFE && t != 0x7F ? 2 : 0;
}

int cardnum_an(const unsigned char *b, size_t n, size_t *textlen, struct err *e)
{
	size_t len = 0;
	while (len < n && b[len] != 0x00)
		len++;
	for (size_t i = len; i < n; i++)
		if (b[i] != 0x00)
			return err_set(e, EXIT_FAILED,
			               "an: byte %02X at %zu after 00 padding (F.1: left-aligned, "
			               "right-padded with 00)",
			               b[i], i);
	for (size_t i = 0, k; i < len; i += k)
		if (!(k = gbk_char(b, i, len)))
			return err_set(e, EXIT_FAILED,
			               "an: byte %02X at %zu is neither printable ASCII nor GBK",
			               b[i], i);
	if (len && (b[0] == 0x20 || b[len - 1] == 0x20))
		return err_set(e, EXIT_FAILED,
		               "an: text %s with a space (F.1: left-aligned, padded with 00, "
		               "not spaces)",
		               b[0] == 0x20 ? "starts" : "ends");
	*textlen = len;
	return 0;
}

/* GB/T 2260: province (2 digits) of the list, prefecture 00-70 or 90
 * (province-administered counties), county 00-99, and a province-level
 * code (prefecture 00) has county 00. Appendix A's note gives the ranges. */
int cardnum_region(const char *code, struct err *e)
{
	if (strlen(code) != 6 || !all_digits(code, 6))
		return err_set(e, EXIT_FAILED, "region code '%s' is not 6 digits (GB/T 2260)",
		               code);
	char p[4] = {code[0], code[1], ' ', 0};
	if (!strstr(provinces, p))
		return err_set(e, EXIT_FAILED, "region code %s: %.2s is no GB/T 2260 province",
		               code, code);
	int pref = (code[2] - '0') * 10 + code[3] - '0';
	if (pref > 70 && pref != 90)
		return err_set(
		    e, EXIT_FAILED,
		    "region code %s: prefecture %02d is outside 01-70 and 90 (GB/T 2260; "
		    "GF 61/T PT002-2014 A.1 note)",
		    code, pref);
	if (pref == 0 && strcmp(code + 4, "00") != 0)
		return err_set(e, EXIT_FAILED, "region code %s: a county under prefecture 00",
		               code);
	return 0;
}

int cardnum_id_sex(const char *id)
{
	return strlen(id) >= 17 && id[16] >= '0' && id[16] <= '9' ? ((id[16] - '0') % 2 ? 1 : 2)
	                                                          : 0;
}

/* Code tables of the standards GF 61/T PT002-2014 cites for the data
 * elements; each entry: the codes, space-separated, and the source. */
static const struct {
	const char *kind, *codes, *source;
} tables[] = {
    {"sex", "0 1 2 5 6 9", "GB/T 2261.1-2003"},
    {"nation",
     "01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 "
     "29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 97 "
     "98",
     "GB 3304-1991"},
    {"marital", "1 2 3 4 5", "GF 61/T PT002-2014 appendix E"},
};

/* Education (EF0A tag 2A, cn of one byte) has two tables: GB 4658-1984's
 * two digits, the first the level (1-9), which the spec's §2 cites, and
 * appendix E's (normative) one digit 1-6, alone ("5": the F padding taken
 * off) or zero-filled ("05"). Either is a conformant card's. */
static int education(const char *value, struct err *e)
{
	size_t n = strlen(value);
	const char *e_digit = n == 1 ? value : n == 2 && value[0] == '0' ? value + 1 : NULL;
	if (all_digits(value, n) &&
	    ((n == 2 && value[0] >= '1') || (e_digit && *e_digit >= '1' && *e_digit <= '6')))
		return 0;
	return err_set(e, EXIT_FAILED,
	               "education code '%s' is neither GB 4658-1984's two digits (level 1-9 "
	               "first) nor appendix E's 1-6",
	               value);
}

int cardnum_code(const char *kind, const char *value, struct err *e)
{
	if (strcmp(kind, "education") == 0)
		return education(value, e);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (strcmp(tables[i].kind, kind) != 0)
			continue;
		char v[8];
		size_t n = strlen(value);
		if (n == 0 || n > 4 || !all_digits(value, n))
			return err_set(e, EXIT_FAILED, "%s code '%s' is not digits", kind, value);
		snprintf(v, sizeof v, " %.*s ", (int)n, value);
		char list[400];
		snprintf(list, sizeof list, " %s ", tables[i].codes);
		if (!strstr(list, v))
			return err_set(e, EXIT_FAILED, "%s code %s is not in %s (%s)", kind, value,
			               tables[i].source, tables[i].codes);
		return 0;
	}
	return err_set(e, EXIT_USAGE, "no code table '%s' (sex, nation, marital, education)", kind);
}
