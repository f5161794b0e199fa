/* Unit tests of bench/base/hex.c: hex_decode with separators, odd length,
 * non-hex digits and overflow; hex_encode and hex_encode_lower of every byte
 * value and of every length around their 16-byte steps. Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "bench/base/base.h"
#include "tap.h"

static void test_hex(void)
{
	unsigned char b[8];
	tap_ok(hex_decode("00 a4:04 00", b, sizeof b) == 4 && b[1] == 0xA4, "hex with separators");
	tap_ok(hex_decode("0", b, sizeof b) == -1, "odd hex refused");
	tap_ok(hex_decode("zz", b, sizeof b) == -1, "non-hex refused");
	tap_ok(hex_decode("000000000000000000", b, sizeof b) == -1, "overflow refused");
}

/* Every byte value against printf's digits, and back through hex_decode. */
static void test_encode(void)
{
	unsigned char all[256], back[256];
	char got[2 * 256 + 1], want[2 * 256 + 1];
	for (int i = 0; i < 256; i++) {
		all[i] = (unsigned char)i;
		snprintf(want + 2 * i, 3, "%02X", i);
	}
	hex_encode(all, sizeof all, got);
	tap_ok(strcmp(got, want) == 0, "hex_encode: every byte value, upper case, NUL-terminated");
	tap_ok(hex_decode(got, back, sizeof back) == 256 && memcmp(all, back, 256) == 0,
	       "hex_decode reads hex_encode's output back");
	hex_encode(all, 0, got);
	tap_ok(got[0] == '\0', "hex_encode of nothing is the empty string");
}

/* Lengths 0..49 from every offset 0..15 (whole 16-byte steps, then the
 * bytes after them), both cases, against printf's digits. */
static void test_lengths(void)
{
	unsigned char b[80];
	for (int i = 0; i < 80; i++)
		b[i] = (unsigned char)(i * 37 + 11);
	int bad = 0, bad_lower = 0;
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 0; n < 50; n++) {
			char got[161], want[161], want_lower[161];
			for (size_t i = 0; i < n; i++) {
				snprintf(want + 2 * i, 3, "%02X", b[off + i]);
				snprintf(want_lower + 2 * i, 3, "%02x", b[off + i]);
			}
			want[2 * n] = want_lower[2 * n] = '\0';
			memset(got, '#', sizeof got);
			hex_encode(b + off, n, got);
			bad += strcmp(got, want) != 0;
			memset(got, '#', sizeof got);
			hex_encode_lower(b + off, n, got);
			bad_lower += strcmp(got, want_lower) != 0 || got[2 * n + 1] != '#';
		}
	tap_ok(bad == 0, "hex_encode: lengths 0..49 at offsets 0..15 (%d wrong)", bad);
	tap_ok(bad_lower == 0,
	       "hex_encode_lower: the same, lower case, nothing past the NUL (%d wrong)",
	       bad_lower);
}

int main(void)
{
	test_hex();
	test_encode();
	test_lengths();
	return tap_done();
}
