/* drivers/h264_sps.c: the picture size of H.264 sequence parameter sets
 * written here field by field (ITU-T H.264 §7.3.2.1.1): baseline and high
 * profiles, scaling matrices, 4:4:4, interlaced, cropping, emulation
 * prevention bytes; base64 sprop-parameter-sets; and SPSs cut short, of
 * another type or with a crop past the picture, which must be refused. TAP. */
#include <stdio.h>
#include <string.h>

#include "drivers/h264_sps.h"
#include "tap.h"

struct bw {
	unsigned char b[256];
	size_t at; /* bits */
};

static void put(struct bw *w, unsigned v, int k)
{
	while (k--) {
		if (v >> k & 1)
			w->b[w->at / 8] |= (unsigned char)(0x80 >> w->at % 8);
		w->at++;
	}
}

static void pue(struct bw *w, unsigned v)
{
	int n = 0;
	while ((v + 1) >> (n + 1))
		n++;
	put(w, 0, n);
	put(w, v + 1, n + 1);
}

static void pse(struct bw *w, int v)
{
	pue(w, v > 0 ? (unsigned)(2 * v - 1) : (unsigned)(-2 * v));
}

struct sps {
	unsigned profile, chroma, frames_only, wmbs, hunits, crop[4];
	int scaling; /* a scaling matrix with two lists sent */
	unsigned id; /* seq_parameter_set_id; level_idc 0 where it is not 0 */
};

/* The SPS NAL unit of s (header 67, rbsp trailing bits) into out; its size. */
static size_t sps(const struct sps *s, unsigned char *out)
{
	struct bw w;
	memset(&w, 0, sizeof w);
	put(&w, 0x67, 8);
	put(&w, s->profile, 8);
	put(&w, 0, 8), put(&w, s->id ? 0 : 40, 8); /* constraint flags, level 4.0 */
	pue(&w, s->id);
	if (s->profile == 100 || s->profile == 244) {
		pue(&w, s->chroma);
		if (s->chroma == 3)
			put(&w, 0, 1);
		pue(&w, 0), pue(&w, 0), put(&w, 0, 1);
		put(&w, s->scaling, 1);
		for (int i = 0; s->scaling && i < (s->chroma != 3 ? 8 : 12); i++) {
			put(&w, i == 0 || i == 6, 1);
			for (int j = 0; (i == 0 || i == 6) && j < (i < 6 ? 16 : 64); j++)
				pse(&w, j % 3 - 1); /* never 0 in a row: the list runs its length */
		}
	}
	pue(&w, 0); /* log2_max_frame_num_minus4 */
	pue(&w, 1); /* pic_order_cnt_type 1 */
	put(&w, 0, 1), pse(&w, -3), pse(&w, 2), pue(&w, 2), pse(&w, 1), pse(&w, -1);
	pue(&w, 4), put(&w, 0, 1);
	pue(&w, s->wmbs), pue(&w, s->hunits);
	put(&w, s->frames_only, 1);
	if (!s->frames_only)
		put(&w, 1, 1);
	put(&w, 1, 1);
	int crop = s->crop[0] || s->crop[1] || s->crop[2] || s->crop[3];
	put(&w, (unsigned)crop, 1);
	for (int i = 0; crop && i < 4; i++)
		pue(&w, s->crop[i]);
	put(&w, 0, 1); /* vui_parameters_present_flag */
	put(&w, 1, 1); /* rbsp_stop_one_bit */
	size_t n = (w.at + 7) / 8;
	memcpy(out, w.b, n);
	return n;
}

/* in[0..n) with emulation prevention bytes put in (00 00 0x, x <= 3). */
static size_t escaped(const unsigned char *in, size_t n, unsigned char *out)
{
	size_t k = 0, zeros = 0;
	for (size_t i = 0; i < n; i++) {
		if (zeros >= 2 && in[i] <= 3)
			out[k++] = 3, zeros = 0;
		zeros = in[i] ? 0 : zeros + 1;
		out[k++] = in[i];
	}
	return k;
}

static void b64(const unsigned char *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t k = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? in[i + 1] : 0) << 8 |
		             (i + 2 < n ? in[i + 2] : 0);
		out[k++] = a[v >> 18 & 63], out[k++] = a[v >> 12 & 63];
		out[k++] = i + 1 < n ? a[v >> 6 & 63] : '=';
		out[k++] = i + 2 < n ? a[v & 63] : '=';
	}
	out[k] = '\0';
}

static void size_is(const struct sps *s, int want_w, int want_h, const char *what)
{
	unsigned char nal[256];
	size_t n = sps(s, nal);
	int w = 0, h = 0, rc = h264_sps_size(nal, n, &w, &h);
	tap_ok(rc == 0 && w == want_w && h == want_h, "%s: %dx%d (got rc %d, %dx%d)", what, want_w,
	       want_h, rc, w, h);
}

static int refused(const unsigned char *nal, size_t n)
{
	int w = -7, h = -7;
	return h264_sps_size(nal, n, &w, &h) == -1 && w == -7 && h == -7;
}

int main(void)
{
	static const struct {
		struct sps s;
		int w, h;
		const char *what;
	} sizes[] = {
	    {{66, 1, 1, 119, 67, {0, 0, 0, 4}, 0, 0}, 1920, 1080, "baseline 1080p, 8 rows cropped"},
	    {{66, 1, 1, 79, 44, {0, 0, 0, 0}, 0, 0}, 1280, 720, "baseline 720p, no crop"},
	    {{100, 1, 1, 119, 67, {0, 0, 0, 4}, 1, 0}, 1920, 1080, "high 4:2:0, a scaling matrix"},
	    {{244, 3, 1, 119, 67, {1, 1, 0, 8}, 1, 0}, 1918, 1080, "high 4:4:4 (crop units of 1)"},
	    {{100, 1, 0, 119, 33, {0, 0, 0, 2}, 0, 0}, 1920, 1080, "interlaced 1080i: 34 pairs"},
	    {{100, 2, 1, 119, 67, {2, 0, 0, 8}, 0, 0},
	     1916,
	     1080,
	     "high 4:2:2: crop 2 across, 1 down"},
	};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		size_is(&sizes[i].s, sizes[i].w, sizes[i].h, sizes[i].what);
	struct sps p1080 = sizes[0].s, p720 = sizes[1].s;

	unsigned char nal[256], esc[400];
	/* level 0, then id 127's 7 leading zeros: 00 00 01, escaped 00 00 03 01 */
	struct sps zeros = {66, 1, 1, 0, 0, {0, 0, 0, 0}, 0, 127};
	size_t n = sps(&zeros, nal), m = escaped(nal, n, esc);
	int w = 0, h = 0, rc = h264_sps_size(esc, m, &w, &h);
	tap_ok(m > n && rc == 0 && w == 16 && h == 16,
	       "emulation prevention bytes taken out (%zu bytes escaped to %zu): %dx%d", n, m, w,
	       h);

	n = sps(&p1080, nal);
	int cut = 0;
	for (size_t k = 0; k + 1 < n; k++)
		cut += !refused(nal, k);
	tap_ok(cut == 0, "an SPS cut short at any of its %zu lengths is refused (%d were not)", n,
	       cut);
	nal[0] = 0x68;
	tap_ok(refused(nal, n), "a PPS (type 8) is no SPS");
	nal[0] = 0xE7;
	tap_ok(refused(nal, n), "the forbidden zero bit set: refused");
	struct sps over = {66, 1, 1, 0, 0, {5, 5, 0, 0}, 0, 0};
	n = sps(&over, nal);
	tap_ok(refused(nal, n), "a crop wider than the picture: refused");
	struct sps huge = {66, 1, 1, 5000, 67, {0, 0, 0, 0}, 0, 0};
	n = sps(&huge, nal);
	tap_ok(refused(nal, n), "5001 macroblocks across: refused");
	memset(nal, 0, sizeof nal);
	nal[0] = 0x67, nal[1] = 66;
	tap_ok(refused(nal, 40), "a run of zeros longer than an Exp-Golomb code: refused");

	char text[600], pps[16], list[700];
	static const unsigned char ppsn[] = {0x68, 0xCE, 0x38, 0x80};
	b64(ppsn, sizeof ppsn, pps);
	n = sps(&p720, nal);
	b64(nal, n, text);
	snprintf(list, sizeof list, "%s,%s", pps, text);
	w = h = 0;
	rc = h264_sprop_size(list, strlen(list), &w, &h);
	tap_ok(rc == 0 && w == 1280 && h == 720,
	       "sprop-parameter-sets \"%s\": the SPS after the PPS, %dx%d", list, w, h);
	tap_ok(h264_sprop_size(pps, strlen(pps), &w, &h) == -1, "a PPS alone gives no size");
	tap_ok(h264_sprop_size("Z0*%,,", 6, &w, &h) == -1, "no base64: no size");
	tap_ok(h264_sprop_size(list, 3, &w, &h) == -1, "the value cut at 3 characters: no size");
	return tap_done();
}
