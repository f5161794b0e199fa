/* drivers/rtp_size.c: the picture size in one RTP payload. The RTP header's
 * CSRCs, extension and padding; H.264's SPS alone, in an STAP-A, in an
 * FU-A's first fragment; H.265's alone, in an AP and in an FU, with and
 * without DONL fields; MPEG-4's VOL header; the RFC 2435 JPEG header; and what gives no size (a
 * slice, a later fragment, an SPS its fragment cuts, sizes past the
 * payload, a JPEG width of 0, random bytes). TAP. */
#include <stdio.h>
#include <string.h>

#include "drivers/rtp_size.h"
#include "random.h"
#include "sps_write.h"
#include "tap.h"

static const struct sps S1080 = {66, 1, 1, 119, 67, {0, 0, 0, 4}, 0, 0};
static const struct hsps H720 = {0, 0, 1, 1280, 720, {0, 0, 0, 0}, 0};

/* An H.264 1080p SPS, escaped, into out; its size. */
static size_t sps1080(unsigned char *out)
{
	unsigned char raw[256];
	return escaped(raw, sps(&S1080, raw), out);
}

static int sized(enum rtp_format f, int donl, const unsigned char *p, size_t n, int w, int h)
{
	int gw = 0, gh = 0, rc = rtp_size(f, donl, p, n, &gw, &gh);
	if (rc == 0 && (gw != w || gh != h))
		tap_diag("got %dx%d", gw, gh);
	return rc == 0 && gw == w && gh == h;
}

static int none(enum rtp_format f, int donl, const unsigned char *p, size_t n)
{
	int w = -7, h = -7;
	return rtp_size(f, donl, p, n, &w, &h) == -1 && w == -7 && h == -7;
}

/* unit u (n bytes) appended to p at *at with its 16-bit size */
static void add(unsigned char *p, size_t *at, const unsigned char *u, size_t n)
{
	p[(*at)++] = (unsigned char)(n >> 8), p[(*at)++] = (unsigned char)n;
	memcpy(p + *at, u, n);
	*at += n;
}

static void header(void)
{
	unsigned char p[64] = {0x80, 96};
	size_t len = 0;
	tap_ok(rtp_payload(p, 20, &len) == 12 && len == 8, "a bare header: payload at 12, 8 bytes");
	p[0] = 0x80 | 0x10 | 2, p[22] = 0, p[23] = 2; /* 2 CSRCs, an extension of 2 words */
	tap_ok(rtp_payload(p, 40, &len) == 32 && len == 8,
	       "2 CSRCs and an extension of 2 words: payload at 32 (got %zu bytes)", len);
	p[0] = 0x80 | 0x20, p[39] = 5; /* padding: its last byte counts it */
	tap_ok(rtp_payload(p, 40, &len) == 12 && len == 23, "5 bytes of padding left out");
	p[39] = 40;
	tap_ok(rtp_payload(p, 40, &len) == -1, "padding longer than the packet: no payload");
	p[0] = 0x80 | 0x10, p[14] = 0xFF, p[15] = 0xFF;
	tap_ok(rtp_payload(p, 40, &len) == -1, "an extension past the packet: no payload");
	tap_ok(rtp_payload(p, 11, &len) == -1, "11 bytes: no RTP header");
}

static void h264(void)
{
	unsigned char s[300], p[700], idr[] = {0x65, 0x88, 0x84, 0x00};
	size_t n = sps1080(s), at = 1;
	tap_ok(sized(RTP_H264, 0, s, n, 1920, 1080), "H.264: an SPS alone, 1920x1080");
	p[0] = 24; /* STAP-A: SEI, SPS, PPS */
	add(p, &at, (const unsigned char[]){0x06, 0x05, 0x01, 0x80}, 4);
	add(p, &at, s, n);
	add(p, &at, (const unsigned char[]){0x68, 0xCE, 0x38, 0x80}, 4);
	tap_ok(sized(RTP_H264, 0, p, at, 1920, 1080), "H.264: the SPS in an STAP-A after an SEI");
	tap_ok(none(RTP_H264, 0, p, 1 + 2 + 4 + 2 + n / 2),
	       "H.264: an STAP-A cut in its SPS: none");
	p[7] = 0x40; /* the SPS's size now runs past the packet */
	tap_ok(none(RTP_H264, 0, p, at), "H.264: an STAP-A unit's size past the payload: none");
	p[0] = 0x7C, p[1] = 0x80 | 7; /* FU-A, start, type 7 */
	memcpy(p + 2, s + 1, n - 1);
	tap_ok(sized(RTP_H264, 0, p, n + 1, 1920, 1080),
	       "H.264: an SPS in an FU-A's first fragment");
	tap_ok(none(RTP_H264, 0, p, 6), "H.264: an FU-A's first fragment cut in its size: none");
	p[1] = 7;
	tap_ok(none(RTP_H264, 0, p, n + 1), "H.264: an FU-A's later fragment: none");
	p[1] = 0x80 | 5;
	tap_ok(none(RTP_H264, 0, p, n + 1), "H.264: an FU-A of a slice: none");
	tap_ok(none(RTP_H264, 0, idr, sizeof idr), "H.264: a slice: none");
	tap_ok(none(RTP_OTHER, 0, s, n), "a payload format without sizes: none");
}

static void h265(void)
{
	unsigned char s[300], p[700];
	size_t n = hsps(&H720, s);
	tap_ok(sized(RTP_H265, 0, s, n, 1280, 720), "H.265: an SPS alone, 1280x720");
	for (int donl = 0; donl < 2; donl++) {
		size_t at = 2 + (donl ? 2 : 0); /* AP: VPS, SPS, PPS */
		p[0] = 48 << 1, p[1] = 1;
		add(p, &at, (const unsigned char[]){0x40, 0x01, 0x0C, 0x01}, 4);
		if (donl)
			p[at++] = 1; /* DOND */
		add(p, &at, s, n);
		tap_ok(sized(RTP_H265, donl, p, at, 1280, 720), "H.265: the SPS in an AP %s",
		       donl ? "with DONL and DOND" : "");
		p[0] = 49 << 1, p[1] = 1, p[2] = 0x80 | 33; /* FU, start */
		at = 3;
		if (donl)
			p[at++] = 0, p[at++] = 7;
		memcpy(p + at, s + 2, n - 2);
		tap_ok(sized(RTP_H265, donl, p, at + n - 2, 1280, 720),
		       "H.265: an SPS in an FU's first fragment %s", donl ? "after its DONL" : "");
		p[2] = 33;
		tap_ok(none(RTP_H265, donl, p, at + n - 2), "H.265: an FU's later fragment: none");
	}
	p[0] = 48 << 1, p[1] = 1, p[2] = 0xFF, p[3] = 0xFF;
	tap_ok(none(RTP_H265, 0, p, 40), "H.265: an AP unit's size past the payload: none");
	p[0] = 19 << 1; /* an IDR slice */
	tap_ok(none(RTP_H265, 0, p, 40), "H.265: a slice: none");
}

static void mp4v(void)
{
	struct vol v = {0, 1, 0, 0, 25, 1, 1920, 1080, 0};
	unsigned char p[200];
	size_t n = vol(&v, p);
	tap_ok(sized(RTP_MP4V, 0, p, n, 1920, 1080), "MPEG-4: a VOL header in band, 1920x1080");
	tap_ok(none(RTP_MP4V, 0, p + 19, n - 19), "MPEG-4: a frame without its VOL header: none");
}

static void jpeg(void)
{
	unsigned char p[16] = {0, 0, 0, 0, 1, 80, 240, 135};
	tap_ok(sized(RTP_JPEG, 0, p, sizeof p, 1920, 1080), "JPEG: 240 x 135 units, 1920x1080");
	p[6] = 0;
	tap_ok(none(RTP_JPEG, 0, p, sizeof p), "JPEG: a width of 0 (past 2040): none");
	tap_ok(none(RTP_JPEG, 0, p, 7), "JPEG: a header cut at 7 bytes: none");
}

/* Random payloads behind each header kind: a size, when one comes, is a
 * picture (ASan and UBSan watch the reads). */
static void random_payloads(void)
{
	static const unsigned char first[] = {0x67, 24, 0x7C, 0x42, 48 << 1, 49 << 1};
	unsigned char b[1500];
	unsigned long long x = RANDOM_SEED;
	int bad = 0, sizes = 0;
	for (int r = 0; r < RANDOM_ROUNDS / 4; r++) {
		size_t n = random_input(&x, r, b, sizeof b);
		if (n)
			b[0] = first[r % 6];
		if (n > 2 && r % 6 == 2)
			b[1] |= 0x80 | 7;
		int w = 0, h = 0;
		enum rtp_format f = r % 6 < 3 ? RTP_H264 : RTP_H265;
		if (rtp_size(f, r % 12 >= 6, b, n, &w, &h) == 0)
			sizes++, bad += w <= 0 || h <= 0 || w > 16888 || h > 16888 * 2;
	}
	tap_ok(bad == 0, "%d random payloads: %d gave a size, none out of range (%d were)",
	       RANDOM_ROUNDS / 4, sizes, bad);
}

int main(void)
{
	header();
	h264();
	h265();
	mp4v();
	jpeg();
	random_payloads();
	return tap_done();
}
