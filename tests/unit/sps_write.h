/* Sequence parameter sets written field by field for the tests of
 * drivers/sps.c and drivers/rtp_size.c: H.264's (ITU-T H.264 §7.3.2.1.1),
 * H.265's (ITU-T H.265 §7.3.2.2.1) and MPEG-4 Part 2's VOL header (ISO/IEC
 * 14496-2 §6.2.3), emulation prevention, base64.
 * Header-only like tap.h.
 *
 *   sps(&s, out)     an H.264 SPS NAL unit (unescaped); its size
 *   hsps(&s, out)    an H.265 SPS NAL unit (escaped); its size
 *   vol(&v, out)     an MPEG-4 Part 2 VOS, VO and VOL header; its size
 *   escaped(in, n, out)  in with emulation prevention bytes put in
 *   b64(in, n, out)  base64, NUL ended
 */
#ifndef BENCH_TESTS_UNIT_SPS_WRITE_H
#define BENCH_TESTS_UNIT_SPS_WRITE_H

#include <stddef.h>
#include <string.h>

struct bw {
	unsigned char b[256];
	size_t at; /* bits */
};

static inline void put(struct bw *w, unsigned v, int k)
{
	while (k--) {
		if (v >> k & 1)
			w->b[w->at / 8] |= (unsigned char)(0x80 >> w->at % 8);
		w->at++;
	}
}

static inline void pue(struct bw *w, unsigned v)
{
	int n = 0;
	while ((v + 1) >> (n + 1))
		n++;
	put(w, 0, n);
	put(w, v + 1, n + 1);
}

static inline void pse(struct bw *w, int v)
{
	pue(w, v > 0 ? (unsigned)(2 * v - 1) : (unsigned)(-2 * v));
}

struct sps {
	unsigned profile, chroma, frames_only, wmbs, hunits, crop[4];
	int scaling; /* a scaling matrix with two lists sent */
	unsigned id; /* seq_parameter_set_id; level_idc 0 where it is not 0 */
};

/* The SPS NAL unit of s (header 67, rbsp trailing bits) into out; its size. */
static inline size_t sps(const struct sps *s, unsigned char *out)
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
static inline size_t escaped(const unsigned char *in, size_t n, unsigned char *out)
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

static inline void b64(const unsigned char *in, size_t n, char *out)
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

struct hsps {
	unsigned sub_layers; /* sps_max_sub_layers_minus1 */
	int sub_profile;     /* each sub-layer sends its profile (88 bits) */
	unsigned format, width, height, crop[4];
	unsigned layer; /* nuh_layer_id */
};

/* The H.265 SPS NAL unit of s (Main profile, level 4.1, then the fields
 * after the size left out but the stop bit), escaped, into out; its size. */
static inline size_t hsps(const struct hsps *s, unsigned char *out)
{
	struct bw w;
	memset(&w, 0, sizeof w);
	put(&w, 33 << 1 | s->layer >> 5, 8), put(&w, (s->layer & 31) << 3 | 1, 8);
	put(&w, 0, 4), put(&w, s->sub_layers, 3), put(&w, 1, 1);
	put(&w, 1, 8), put(&w, 0x60000000, 32); /* profile space, tier, Main; compatibility */
	put(&w, 0x9, 4), put(&w, 0, 32), put(&w, 0, 12); /* source flags, 43 + 1 zero bits */
	put(&w, 123, 8);                                 /* general_level_idc: 4.1 */
	for (unsigned i = 0; i < s->sub_layers; i++)
		put(&w, (unsigned)s->sub_profile, 1), put(&w, 1, 1);
	for (unsigned i = s->sub_layers; s->sub_layers && i < 8; i++)
		put(&w, 0, 2);
	for (unsigned i = 0; i < s->sub_layers; i++) {
		if (s->sub_profile)
			put(&w, 0xFFFFFFFF, 32), put(&w, 0xFFFFFFFF, 32), put(&w, 0xFFFFFF, 24);
		put(&w, 120, 8);
	}
	pue(&w, 0), pue(&w, s->format);
	if (s->format == 3)
		put(&w, 0, 1);
	pue(&w, s->width), pue(&w, s->height);
	int crop = s->crop[0] || s->crop[1] || s->crop[2] || s->crop[3];
	put(&w, (unsigned)crop, 1);
	for (int i = 0; crop && i < 4; i++)
		pue(&w, s->crop[i]);
	put(&w, 1, 1); /* rbsp_stop_one_bit (the rest of a real SPS left out) */
	return escaped(w.b, (w.at + 7) / 8, out);
}

struct vol {
	int ident, par, vbv; /* is_object_layer_identifier; aspect_ratio_info; vbv_parameters */
	unsigned shape, res, fixed, w, h;
	int bad_marker; /* the marker bit after the width 0 */
};

/* A VOS, VO and VOL header (ISO/IEC 14496-2 §6.2.2-6.2.3), the VOL's
 * fields to its interlaced flag, as an MP4V-ES config carries them, into
 * out; its size. */
static inline size_t vol(const struct vol *v, unsigned char *out)
{
	static const unsigned char head[] = {0, 0, 1, 0xB0, 0xF5, 0, 0, 1, 0xB5, 0x09,
	                                     0, 0, 1, 0,    0,    0, 0, 1, 0x20};
	struct bw w;
	memset(&w, 0, sizeof w);
	put(&w, 0, 1), put(&w, 1, 8), put(&w, (unsigned)v->ident, 1);
	if (v->ident)
		put(&w, 2, 4), put(&w, 1, 3);
	put(&w, (unsigned)v->par, 4);
	if (v->par == 15)
		put(&w, 0x0B0B, 16);
	put(&w, (unsigned)v->vbv, 1); /* vol_control_parameters: with vbv, or none */
	if (v->vbv) {
		put(&w, 1, 2), put(&w, 0, 1), put(&w, 1, 1);
		for (int i = 0; i < 79; i++)
			put(&w, 1, 1);
	}
	put(&w, v->shape, 2);
	put(&w, 1, 1), put(&w, v->res, 16), put(&w, 1, 1), put(&w, v->fixed ? 1 : 0, 1);
	int k = 1;
	while (k < 16 && (1u << k) < v->res)
		k++;
	if (v->fixed)
		put(&w, v->fixed, k);
	if (v->shape == 0)
		put(&w, 1, 1), put(&w, v->w, 13), put(&w, v->bad_marker ? 0 : 1, 1),
		    put(&w, v->h, 13), put(&w, 1, 1);
	put(&w, 0, 1), put(&w, 1, 1); /* interlaced, obmc_disable */
	memcpy(out, head, sizeof head);
	memcpy(out + sizeof head, w.b, (w.at + 7) / 8);
	return sizeof head + (w.at + 7) / 8;
}

#endif
