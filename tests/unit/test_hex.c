/* Unit tests of bench/base/hex.c: hex_decode with separators, odd length,
 * non-hex digits and overflow. Prints TAP. */
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

int main(void)
{
	test_hex();
	return tap_done();
}
