#include "base.h"

#include <string.h>

/* The two digits of every byte value, for the bytes after the last 16. */
#define D16(h)                                                                                     \
	h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" h "8" h "9" h "A" h "B" h "C" h "D" h      \
	  "E" h "F"
static const char PAIRS[] = D16("0") D16("1") D16("2") D16("3") D16("4") D16("5") D16("6") D16("7")
    D16("8") D16("9") D16("A") D16("B") D16("C") D16("D") D16("E") D16("F");

/* Every APDU's answer is encoded twice (trace line, result data) and every
 * trace line's hash once: 16 bytes at a time as a GCC/Clang vector (SSE2 on
 * x86-64, NEON on arm64), ~5x a table lookup per byte (docs/perf.md). gap is
 * what lies between '9' + 1 and the letter digits: 7 for 'A', 39 for 'a'. */
typedef unsigned char v16 __attribute__((vector_size(16)));

/* A vector comparison gives a vector of signed chars (-1 or 0); clang will
 * not mix that with an unsigned char scalar, so it is cast back first. */
static inline v16 digits(v16 nib, unsigned char gap)
{
	return nib + '0' + ((v16)(nib > 9) & gap);
}

static size_t encode16(const unsigned char *b, size_t n, char *out, unsigned char gap)
{
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		v16 x;
		memcpy(&x, b + i, 16);
		v16 hi = digits(x >> 4, gap), lo = digits(x & 15, gap);
		v16 first = __builtin_shufflevector(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5,
		                                    21, 6, 22, 7, 23),
		    second = __builtin_shufflevector(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28,
		                                     13, 29, 14, 30, 15, 31);
		memcpy(out + 2 * i, &first, 16);
		memcpy(out + 2 * i + 16, &second, 16);
	}
	return i;
}

void hex_encode(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = encode16(b, n, out, 'A' - '9' - 1); i < n; i++)
		memcpy(out + 2 * i, PAIRS + 2 * b[i], 2);
	out[2 * n] = '\0';
}

void hex_encode_lower(const unsigned char *b, size_t n, char *out)
{
	static const char low[] = "0123456789abcdef";
	for (size_t i = encode16(b, n, out, 'a' - '9' - 1); i < n; i++) {
		out[2 * i] = low[b[i] >> 4];
		out[2 * i + 1] = low[b[i] & 15];
	}
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
