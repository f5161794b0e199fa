/* An H.264 or H.265 SPS's picture size (sps.h). Every read is bounded:
 * the bytes come from a camera, which bench does not control. */
#include "sps.h"

#include <stdint.h>

/* The bits of an RBSP, most significant first; a read past the end sets
 * bad and gives 0. */
struct bits {
	const unsigned char *p;
	size_t n, at; /* n bytes; at in bits */
	int bad;
};

static unsigned bit(struct bits *b)
{
	if (b->at >= b->n * 8) {
		b->bad = 1;
		return 0;
	}
	unsigned v = b->p[b->at / 8] >> (7 - b->at % 8) & 1u;
	b->at++;
	return v;
}

static uint32_t u(struct bits *b, int k)
{
	uint32_t v = 0;
	while (k--)
		v = v << 1 | bit(b);
	return v;
}

/* ue(v), §9.1: a run of more than 31 zeros is no code of 32 bits. */
static uint32_t ue(struct bits *b)
{
	int zeros = 0;
	while (!bit(b) && !b->bad)
		if (++zeros > 31) {
			b->bad = 1;
			return 0;
		}
	if (b->bad)
		return 0;
	return (uint32_t)(((uint64_t)1 << zeros) - 1 + u(b, zeros));
}

static int64_t se(struct bits *b)
{
	uint32_t k = ue(b);
	return k & 1 ? (int64_t)(k / 2) + 1 : -(int64_t)(k / 2);
}

/* scaling_list() (§7.3.2.1.1.1), read only to get past it. */
static void scaling_list(struct bits *b, int size)
{
	int64_t last = 8, next = 8;
	for (int j = 0; j < size && !b->bad; j++) {
		if (next) {
			int64_t d = se(b);
			if (d < -128 || d > 127) {
				b->bad = 1;
				return;
			}
			next = (last + d + 256) % 256;
		}
		last = next ? next : last;
	}
}

/* The profiles whose SPS carries chroma_format_idc and what follows it. */
static int chroma_profile(uint32_t profile)
{
	static const uint32_t with[] = {100, 110, 122, 244, 44,  83, 86,
	                                118, 128, 138, 139, 134, 135};
	for (size_t i = 0; i < sizeof with / sizeof *with; i++)
		if (with[i] == profile)
			return 1;
	return 0;
}

/* ChromaArrayType (§7.4.2.1.1): 1 (4:2:0) where the profile leaves the
 * chroma format out, 0 for a separate colour plane; -1 when out of range. */
static int chroma(struct bits *b, uint32_t profile)
{
	if (!chroma_profile(profile))
		return 1;
	uint32_t format = ue(b);
	if (format > 3)
		return -1;
	int separate = format == 3 && bit(b);
	ue(b), ue(b); /* bit depths of luma and chroma */
	bit(b);       /* qpprime_y_zero_transform_bypass_flag */
	if (bit(b))   /* seq_scaling_matrix_present_flag */
		for (int i = 0; i < (format != 3 ? 8 : 12); i++)
			if (bit(b))
				scaling_list(b, i < 6 ? 16 : 64);
	return separate ? 0 : (int)format;
}

/* From log2_max_frame_num_minus4 through the picture order count fields. */
static void frame_order(struct bits *b)
{
	ue(b);
	uint32_t type = ue(b);
	if (type == 0) {
		ue(b);
	} else if (type == 1) {
		bit(b), se(b), se(b);
		uint32_t cycle = ue(b);
		if (cycle > 255)
			b->bad = 1;
		for (uint32_t i = 0; i < cycle && !b->bad; i++)
			se(b);
	} else if (type > 2) {
		b->bad = 1;
	}
}

/* nal[head..n) without its emulation prevention bytes (00 00 03), into out. */
static size_t rbsp(const unsigned char *nal, size_t head, size_t n, unsigned char *out, size_t cap)
{
	size_t k = 0, zeros = 0;
	for (size_t i = head; i < n && k < cap; i++) {
		if (zeros >= 2 && nal[i] == 3) {
			zeros = 0;
			continue;
		}
		zeros = nal[i] ? 0 : zeros + 1;
		out[k++] = nal[i];
	}
	return k;
}

int h264_sps_size(const unsigned char *nal, size_t n, int *w, int *h)
{
	unsigned char raw[1024];
	if (n < 4 || (nal[0] & 0x9F) != 7) /* forbidden_zero_bit 0, type 7 */
		return -1;
	struct bits b = {raw, rbsp(nal, 1, n, raw, sizeof raw), 0, 0};
	uint32_t profile = u(&b, 8);
	u(&b, 16); /* constraint flags, level_idc */
	ue(&b);    /* seq_parameter_set_id */
	int ct = chroma(&b, profile);
	frame_order(&b);
	ue(&b); /* max_num_ref_frames */
	bit(&b);
	uint32_t wmbs = ue(&b), hunits = ue(&b);
	uint32_t frames_only = bit(&b);
	if (!frames_only)
		bit(&b);
	bit(&b); /* direct_8x8_inference_flag */
	uint32_t crop[4] = {0, 0, 0, 0};
	if (bit(&b))
		for (int i = 0; i < 4; i++)
			crop[i] = ue(&b);
	/* 1024 macroblocks a side is 16384 pixels, past every level's limit */
	if (b.bad || ct < 0 || wmbs > 1023 || hunits > 1023)
		return -1;
	int64_t width = (int64_t)(wmbs + 1) * 16,
	        height = (int64_t)(2 - frames_only) * (hunits + 1) * 16;
	int64_t cx = ct == 1 || ct == 2 ? 2 : 1,
	        cy = (ct == 1 ? 2 : 1) * (int64_t)(2 - frames_only);
	width -= cx * ((int64_t)crop[0] + crop[1]);
	height -= cy * ((int64_t)crop[2] + crop[3]);
	if (width <= 0 || height <= 0)
		return -1;
	*w = (int)width, *h = (int)height;
	return 0;
}

/* The VOL header's fields after its start code (ISO/IEC 14496-2 §6.2.3):
 * the size of a rectangular layer, its five marker bits checked. */
static int vol(const unsigned char *p, size_t n, int *w, int *h)
{
	struct bits b = {p, n, 0, 0};
	u(&b, 9); /* random_accessible_vol, video_object_type_indication */
	uint32_t verid = 1;
	if (bit(&b)) /* is_object_layer_identifier */
		verid = u(&b, 4), u(&b, 3);
	if (u(&b, 4) == 15) /* aspect_ratio_info: extended_PAR */
		u(&b, 16);
	if (bit(&b)) {       /* vol_control_parameters */
		u(&b, 3);    /* chroma_format, low_delay */
		if (bit(&b)) /* vbv_parameters: 79 bits, their markers among them */
			u(&b, 32), u(&b, 32), u(&b, 15);
	}
	uint32_t shape = u(&b, 2);
	if (shape == 3 && verid != 1)
		u(&b, 4); /* video_object_layer_shape_extension */
	uint32_t m1 = bit(&b), res = u(&b, 16), m2 = bit(&b);
	if (bit(&b)) { /* fixed_vop_rate: an increment of the bits res - 1 takes */
		int k = 1;
		while (k < 16 && (1u << k) < res)
			k++;
		u(&b, k);
	}
	if (shape != 0) /* not rectangular: no size is sent */
		return -1;
	uint32_t m3 = bit(&b), width = u(&b, 13), m4 = bit(&b), height = u(&b, 13), m5 = bit(&b);
	if (b.bad || !(m1 && m2 && m3 && m4 && m5) || !res || !width || !height)
		return -1;
	*w = (int)width, *h = (int)height;
	return 0;
}

int mp4v_vol_size(const unsigned char *p, size_t n, int *w, int *h)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 1 && (p[i + 3] & 0xF0) == 0x20)
			return vol(p + i + 4, n - i - 4, w, h);
	return -1;
}

static int b64(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* profile_tier_level(1, max_sub_layers_minus1) (H.265 §7.3.3), read only
 * to get past it: the general part's 96 bits, then each sub-layer's. */
static void profile_tier_level(struct bits *b, uint32_t sub_layers)
{
	int profile[8] = {0}, level[8] = {0};
	u(b, 32), u(b, 32), u(b, 32);
	for (uint32_t i = 0; i < sub_layers; i++)
		profile[i] = (int)bit(b), level[i] = (int)bit(b);
	for (uint32_t i = sub_layers; sub_layers && i < 8; i++)
		u(b, 2); /* reserved_zero_2bits */
	for (uint32_t i = 0; i < sub_layers; i++) {
		if (profile[i])
			u(b, 32), u(b, 32), u(b, 24);
		if (level[i])
			u(b, 8);
	}
}

int h265_sps_size(const unsigned char *nal, size_t n, int *w, int *h)
{
	unsigned char raw[1024];
	/* forbidden_zero_bit 0, type 33, nuh_layer_id 0 (a higher layer's SPS
	 * is laid out otherwise, §7.3.2.2.1) */
	if (n < 5 || (nal[0] & 0xFE) != 33 << 1 || (nal[0] & 1) || (nal[1] & 0xF8))
		return -1;
	struct bits b = {raw, rbsp(nal, 2, n, raw, sizeof raw), 0, 0};
	u(&b, 4); /* sps_video_parameter_set_id */
	uint32_t sub_layers = u(&b, 3);
	bit(&b); /* sps_temporal_id_nesting_flag */
	if (sub_layers > 6)
		return -1;
	profile_tier_level(&b, sub_layers);
	ue(&b); /* sps_seq_parameter_set_id */
	uint32_t format = ue(&b);
	int separate = format == 3 && bit(&b);
	uint32_t width = ue(&b), height = ue(&b), crop[4] = {0, 0, 0, 0};
	if (bit(&b)) /* conformance_window_flag */
		for (int i = 0; i < 4; i++)
			crop[i] = ue(&b);
	/* 16888 is level 6.2's widest (sqrt(8 MaxLumaPs), Annex A); each side a
	 * multiple of MinCbSizeY, at least 8 (§7.4.3.2.1) */
	if (b.bad || format > 3 || !width || !height || width > 16888 || height > 16888 ||
	    width % 8 || height % 8)
		return -1;
	int64_t cx = (format == 1 || format == 2) && !separate ? 2 : 1,
	        cy = format == 1 && !separate ? 2 : 1;
	int64_t cw = (int64_t)width - cx * ((int64_t)crop[0] + crop[1]),
	        ch = (int64_t)height - cy * ((int64_t)crop[2] + crop[3]);
	if (cw <= 0 || ch <= 0)
		return -1;
	*w = (int)cw, *h = (int)ch;
	return 0;
}

int sprop_size(enum sps_codec codec, const char *s, size_t n, int *w, int *h)
{
	unsigned char nal[1024];
	for (size_t i = 0; i < n; i++) { /* one NAL unit a round, i at its end */
		size_t k = 0;
		uint32_t acc = 0;
		int have = 0, ok = 1;
		for (; i < n && s[i] != ','; i++) {
			int v = s[i] == '=' ? 0 : b64(s[i]);
			if (v < 0 || k == sizeof nal) {
				ok = 0;
				continue;
			}
			if (s[i] == '=')
				continue; /* padding: the bits left are no byte */
			acc = (acc << 6 | (uint32_t)v) & 0xFFFFFF;
			if ((have += 6) >= 8)
				nal[k++] = (unsigned char)(acc >> (have -= 8));
		}
		if (ok && (codec == SPS_H265 ? h265_sps_size(nal, k, w, h)
		                             : h264_sps_size(nal, k, w, h)) == 0)
			return 0;
	}
	return -1;
}
