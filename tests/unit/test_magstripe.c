/* ISO 7811 tracks: round trips, known bit patterns, every corruption the
 * decoder must catch (parity, LRC, sentinels, illegal characters), and
 * records read back end first. */
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

/* A read-back that saw the stripe end first: ms_read turns it round, and a
 * fault in it is still named. */
static void reversed_reads(void)
{
	char bits[2048], back[256];
	struct err e = {0};
	int rev = 0;
	for (int t = 1; t <= 3; t++) {
		const char *data =
		    t == 1 ? "B1234567890123445^DOE/JOHN^2512101" : "1234567890123445=2512";
		ms_encode(t, data, bits, sizeof bits, &e);
		size_t n = strlen(bits);
		for (size_t i = 0; i < n / 2; i++) {
			char c = bits[i];
			bits[i] = bits[n - 1 - i], bits[n - 1 - i] = c;
		}
		int rc = ms_read(t, bits, back, sizeof back, &rev, &e);
		tap_ok(rc == 0 && rev && strcmp(back, data) == 0,
		       "track %d read end first: \"%s\" %s", t, back, rc ? e.msg : "");
	}
	ms_encode(2, "1234", bits, sizeof bits, &e);
	tap_ok(ms_read(2, bits, back, sizeof back, &rev, &e) == 0 && !rev,
	       "track 2 read forwards stays forwards");
	bits[MS_CLOCK_BITS + 6 * 5] ^= 1; /* the LRC, both ways round */
	bits[MS_CLOCK_BITS + 6 * 5 + 1] ^= 1;
	tap_ok(ms_read(2, bits, back, sizeof back, &rev, &e) != 0 && strstr(e.msg, "LRC mismatch"),
	       "bad LRC read forwards -> \"%s\"", e.msg);
	size_t n = strlen(bits);
	for (size_t i = 0; i < n / 2; i++) {
		char c = bits[i];
		bits[i] = bits[n - 1 - i], bits[n - 1 - i] = c;
	}
	tap_ok(ms_read(2, bits, back, sizeof back, &rev, &e) != 0 && strstr(e.msg, "LRC mismatch"),
	       "bad LRC read end first -> \"%s\"", e.msg);
	tap_ok(ms_read(2, "0000000000", back, sizeof back, &rev, &e) != 0 && strstr(e.msg, "blank"),
	       "blank stripe either way -> %s", e.msg);
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
	reversed_reads();
	return tap_done();
}
