/* Unit tests of bench/base/hex.c: hex_decode with separators, odd length,
 * non-hex digits and overflow; hex_encode of every byte value. Prints TAP. */
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

int main(void)
{
	test_hex();
	test_encode();
	return tap_done();
}
