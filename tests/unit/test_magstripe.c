/* ISO 7811 tracks: round trips, known bit patterns, and every corruption the
 * decoder must catch (parity, LRC, sentinels, illegal characters). */
#include <stdio.h>
#include <string.h>

#include "bench/lib/printer/printer.h"
#include "tap.h"

static void round_trip(int track, const char *data)
{
	char bits[2048], back[256];
	struct err e = {0};
	int rc = ms_encode(track, data, bits, sizeof bits, &e) ||
	         ms_decode(track, bits, back, sizeof back, &e);
	tap_ok(rc == 0 && strcmp(back, data) == 0, "track %d round trip \"%s\" %s", track, data,
	       rc ? e.msg : "");
}

static void corrupt(int track, const char *data, size_t bit, const char *want)
{
	char bits[2048], back[256];
	struct err e = {0};
	ms_encode(track, data, bits, sizeof bits, &e);
	bits[MS_CLOCK_BITS + bit] ^= 1; /* '0' <-> '1' */
	int rc = ms_decode(track, bits, back, sizeof back, &e);
	tap_ok(rc != 0 && strstr(e.msg, want), "track %d bit %zu flipped -> \"%s\"", track, bit,
	       e.msg);
}

int main(void)
{
	char bits[2048], back[256];
	struct err e = {0};
	round_trip(1, "B1234567890123445^DOE/JOHN^2512101");
	round_trip(2, "1234567890123445=25121011234");
	round_trip(3, "011234567890123445=724724100000000000030300");
	round_trip(2, "");
	/* ';' = 1011 (0xB), LSB first, odd parity -> 11010. */
	ms_encode(2, "", bits, sizeof bits, &e);
	tap_ok(strncmp(bits + MS_CLOCK_BITS, "11010", 5) == 0, "track 2 start sentinel bits %.5s",
	       bits + MS_CLOCK_BITS);
	/* '%' = 0x05 -> 101000, odd parity 1. */
	ms_encode(1, "A", bits, sizeof bits, &e);
	tap_ok(strncmp(bits + MS_CLOCK_BITS, "1010001", 7) == 0, "track 1 start sentinel bits %.7s",
	       bits + MS_CLOCK_BITS);
	corrupt(2, "1234", 7, "parity error in character 1");
	corrupt(1, "ABC", 7 * 3 + 2, "parity error in character 3");
	corrupt(2, "1234", 0, "no start sentinel");
	/* Flip two bits of the LRC: parity still odd, value wrong. */
	ms_encode(2, "1234", bits, sizeof bits, &e);
	bits[MS_CLOCK_BITS + 6 * 5] ^= 1;
	bits[MS_CLOCK_BITS + 6 * 5 + 1] ^= 1;
	tap_ok(ms_decode(2, bits, back, sizeof back, &e) != 0 && strstr(e.msg, "LRC mismatch"),
	       "bad LRC -> \"%s\"", e.msg);
	tap_ok(ms_encode(2, "12A4", bits, sizeof bits, &e) != 0 && strstr(e.msg, "character 3"),
	       "letter on track 2 refused: %s", e.msg);
	tap_ok(ms_encode(1, "a", bits, sizeof bits, &e) != 0, "lower case on track 1 refused: %s",
	       e.msg);
	char longer[200];
	memset(longer, '1', 41);
	longer[41] = 0;
	tap_ok(ms_encode(2, longer, bits, sizeof bits, &e) != 0 && strstr(e.msg, "at most 37"),
	       "41 digits on track 2 refused: %s", e.msg);
	tap_ok(ms_decode(2, "0000000000", back, sizeof back, &e) != 0 && strstr(e.msg, "blank"),
	       "blank stripe -> %s", e.msg);
	return tap_done();
}
