/* drivers/sps.c: the picture size of sequence parameter sets written field
 * by field (sps_write.h). H.264: baseline and high profiles, scaling
 * matrices, 4:4:4, interlaced, cropping, emulation prevention bytes; H.265:
 * sub-layers with and without their profiles, 4:2:0, 4:2:2 and 4:4:4
 * conformance windows, another layer's SPS; MPEG-4 Part 2 VOL headers;
 * base64 sprop-parameter-sets and sprop-sps; and SPSs cut short, of another type or with a crop
 * past the picture, which must be refused. TAP. */
#include <stdio.h>
#include <string.h>

#include "drivers/sps.h"
#include "sps_write.h"
#include "tap.h"

typedef int size_fn(const unsigned char *b, size_t n, int *w, int *h);

/* Reader fn gives want_w x want_h for b[0..n). */
static void gives(size_fn *fn, const unsigned char *b, size_t n, int want_w, int want_h,
                  const char *what)
{
	int w = 0, h = 0, rc = fn(b, n, &w, &h);
	tap_ok(rc == 0 && w == want_w && h == want_h, "%s: %dx%d (got rc %d, %dx%d)", what, want_w,
	       want_h, rc, w, h);
}

/* Reader fn refuses b[0..n): -1, and w and h left as they were. */
static int refuses(size_fn *fn, const unsigned char *b, size_t n)
{
	int w = -7, h = -7;
	return fn(b, n, &w, &h) == -1 && w == -7 && h == -7;
}

static void h265(void)
{
	static const struct {
		struct hsps s;
		int w, h;
		const char *what;
	} sizes[] = {
	    {{0, 0, 1, 1920, 1088, {0, 0, 0, 4}, 0}, 1920, 1080, "1080p, 4:2:0, 8 rows cropped"},
	    {{0, 0, 1, 1920, 1080, {0, 0, 0, 0}, 0}, 1920, 1080, "1080p, no window"},
	    {{2, 1, 1, 3840, 2160, {0, 0, 0, 0}, 0},
	     3840,
	     2160,
	     "2160p, 3 sub-layers with profiles"},
	    {{3, 0, 1, 1280, 720, {0, 0, 0, 0}, 0}, 1280, 720, "720p, 4 sub-layers, levels only"},
	    {{0, 0, 2, 1920, 1088, {1, 0, 0, 8}, 0}, 1918, 1080, "4:2:2: crop 2 across, 1 down"},
	    {{0, 0, 3, 1920, 1088, {1, 1, 0, 8}, 0}, 1918, 1080, "4:4:4: crop units of 1"},
	};
	unsigned char nal[400];
	char what[80];
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		snprintf(what, sizeof what, "H.265 %s", sizes[i].what);
		gives(h265_sps_size, nal, hsps(&sizes[i].s, nal), sizes[i].w, sizes[i].h, what);
	}
	size_t n = hsps(&sizes[2].s, nal);
	int cut = 0;
	for (size_t k = 0; k + 1 < n; k++)
		cut += !refuses(h265_sps_size, nal, k);
	tap_ok(cut == 0,
	       "an H.265 SPS cut short at any of its %zu lengths is refused (%d were not)", n, cut);
	struct hsps layer = sizes[0].s, over = sizes[0].s, odd = sizes[0].s, seven = sizes[0].s;
	layer.layer = 1, over.crop[0] = 961, odd.width = 1921, seven.sub_layers = 7;
	n = hsps(&layer, nal);
	tap_ok(refuses(h265_sps_size, nal, n),
	       "H.265: a higher layer's SPS (nuh_layer_id 1) is not read");
	n = hsps(&over, nal);
	tap_ok(refuses(h265_sps_size, nal, n),
	       "H.265: a conformance window wider than the picture: refused");
	n = hsps(&odd, nal);
	tap_ok(refuses(h265_sps_size, nal, n),
	       "H.265: a width of 1921 (not a multiple of 8): refused");
	n = hsps(&seven, nal);
	tap_ok(refuses(h265_sps_size, nal, n),
	       "H.265: sps_max_sub_layers_minus1 7 (reserved): refused");
	n = hsps(&sizes[0].s, nal);
	nal[0] = 34 << 1;
	tap_ok(refuses(h265_sps_size, nal, n), "H.265: a PPS (type 34) is no SPS");
	n = hsps(&sizes[0].s, nal);
	tap_ok(n > 16 && h264_sps_size(nal, n, &(int){0}, &(int){0}) == -1,
	       "an H.265 SPS is no H.264 SPS");

	char vps[16], text[600], list[700];
	static const unsigned char vpsn[] = {0x40, 0x01, 0x0C, 0x01};
	b64(vpsn, sizeof vpsn, vps);
	n = hsps(&sizes[3].s, nal);
	b64(nal, n, text);
	snprintf(list, sizeof list, "%s,%s", vps, text);
	int w = 0, h = 0, rc = sprop_size(SPS_H265, list, strlen(list), &w, &h);
	tap_ok(rc == 0 && w == 1280 && h == 720, "sprop-sps \"%s\": the SPS after a VPS, %dx%d",
	       list, w, h);
	tap_ok(sprop_size(SPS_H264, list, strlen(list), &w, &h) == -1,
	       "the same units read as H.264: no size");
}

static void mp4v(void)
{
	static const struct {
		struct vol v;
		int w, h;
		const char *what;
	} sizes[] = {
	    {{0, 1, 0, 0, 25, 1, 1920, 1080, 0}, 1920, 1080, "1080p, 25 fps fixed"},
	    {{1, 15, 1, 0, 30000, 0, 1280, 720, 0},
	     1280,
	     720,
	     "720p, an identifier, extended PAR, VBV parameters"},
	    {{0, 1, 0, 0, 1, 1, 352, 288, 0}, 352, 288, "CIF, a time resolution of 1"},
	};
	unsigned char b[200];
	char what[80];
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		snprintf(what, sizeof what, "MPEG-4 VOL %s", sizes[i].what);
		gives(mp4v_vol_size, b, vol(&sizes[i].v, b), sizes[i].w, sizes[i].h, what);
	}
	size_t n = vol(&sizes[1].v, b);
	int cut = 0;
	for (size_t k = 0; k + 1 < n; k++)
		cut += !refuses(mp4v_vol_size, b, k);
	tap_ok(cut == 0, "a VOL header cut short at any of its %zu lengths gives no size (%d did)",
	       n, cut);
	struct vol binary = sizes[0].v, marker = sizes[0].v;
	binary.shape = 1, marker.bad_marker = 1;
	n = vol(&binary, b);
	tap_ok(refuses(mp4v_vol_size, b, n), "a binary-shaped layer sends no size: none");
	n = vol(&marker, b);
	tap_ok(refuses(mp4v_vol_size, b, n), "a marker bit 0: refused");
	tap_ok(refuses(mp4v_vol_size, b, 18), "VOS and VO headers alone: none");
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
	unsigned char nal[256], esc[400];
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		gives(h264_sps_size, nal, sps(&sizes[i].s, nal), sizes[i].w, sizes[i].h,
		      sizes[i].what);
	struct sps p1080 = sizes[0].s, p720 = sizes[1].s;

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
		cut += !refuses(h264_sps_size, nal, k);
	tap_ok(cut == 0, "an SPS cut short at any of its %zu lengths is refused (%d were not)", n,
	       cut);
	nal[0] = 0x68;
	tap_ok(refuses(h264_sps_size, nal, n), "a PPS (type 8) is no SPS");
	nal[0] = 0xE7;
	tap_ok(refuses(h264_sps_size, nal, n), "the forbidden zero bit set: refused");
	struct sps over = {66, 1, 1, 0, 0, {5, 5, 0, 0}, 0, 0};
	n = sps(&over, nal);
	tap_ok(refuses(h264_sps_size, nal, n), "a crop wider than the picture: refused");
	struct sps huge = {66, 1, 1, 5000, 67, {0, 0, 0, 0}, 0, 0};
	n = sps(&huge, nal);
	tap_ok(refuses(h264_sps_size, nal, n), "5001 macroblocks across: refused");
	memset(nal, 0, sizeof nal);
	nal[0] = 0x67, nal[1] = 66;
	tap_ok(refuses(h264_sps_size, nal, 40),
	       "a run of zeros longer than an Exp-Golomb code: refused");

	char text[600], pps[16], list[700];
	static const unsigned char ppsn[] = {0x68, 0xCE, 0x38, 0x80};
	b64(ppsn, sizeof ppsn, pps);
	n = sps(&p720, nal);
	b64(nal, n, text);
	snprintf(list, sizeof list, "%s,%s", pps, text);
	w = h = 0;
	rc = sprop_size(SPS_H264, list, strlen(list), &w, &h);
	tap_ok(rc == 0 && w == 1280 && h == 720,
	       "sprop-parameter-sets \"%s\": the SPS after the PPS, %dx%d", list, w, h);
	tap_ok(sprop_size(SPS_H264, pps, strlen(pps), &w, &h) == -1, "a PPS alone gives no size");
	tap_ok(sprop_size(SPS_H264, "Z0*%,,", 6, &w, &h) == -1, "no base64: no size");
	tap_ok(sprop_size(SPS_H264, list, 3, &w, &h) == -1,
	       "the value cut at 3 characters: no size");
	h265();
	mp4v();
	return tap_done();
}
