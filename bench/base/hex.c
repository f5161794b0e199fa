#include "base.h"

#include <string.h>

/* The two digits of every byte value: one 2-byte copy per byte, since
 * every APDU is encoded three times (trace line, result data, result apdu). */
#define D16(h)                                                                                     \
	h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" h "8" h "9" h "A" h "B" h "C" h "D" h      \
	  "E" h "F"
static const char PAIRS[] = D16("0") D16("1") D16("2") D16("3") D16("4") D16("5") D16("6") D16("7")
    D16("8") D16("9") D16("A") D16("B") D16("C") D16("D") D16("E") D16("F");

void hex_encode(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		memcpy(out + 2 * i, PAIRS + 2 * b[i], 2);
	out[2 * n] = '\0';
}

const unsigned char HEX_VALUE[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

long hex_decode(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == ':')
			continue;
		int v = hex_digit((unsigned char)*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = (unsigned char)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}
