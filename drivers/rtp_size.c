/* A picture size from one RTP payload (rtp_size.h). Every read is bounded:
 * the packets come from a camera, which bench does not control. */
#include "rtp_size.h"
#include "sps.h"

#include <string.h>

long rtp_payload(const unsigned char *p, size_t n, size_t *len)
{
	if (n < 12)
		return -1;
	size_t at = 12 + 4 * (size_t)(p[0] & 0x0F); /* the CSRCs */
	if (p[0] & 0x10) {                          /* a header extension, §5.3.1 */
		if (at + 4 > n)
			return -1;
		at += 4 + 4 * ((size_t)p[at + 2] << 8 | p[at + 3]);
	}
	size_t pad = p[0] & 0x20 ? p[n - 1] : 0;
	if (at > n || pad > n - at)
		return -1;
	*len = n - at - pad;
	return (long)at;
}

typedef int sps_fn(const unsigned char *nal, size_t n, int *w, int *h);

/* The units of an aggregation packet from p[at..n): each a 16-bit size and
 * the unit, with skip bytes before each but the first (H.265's DOND) and
 * first bytes before the first (its DONL). The first that is an SPS of
 * its size. */
static int units(sps_fn *size, const unsigned char *p, size_t n, size_t at, size_t first,
                 size_t skip, int *w, int *h)
{
	for (size_t i = at + first;; i += skip) {
		if (i + 2 > n)
			return -1;
		size_t k = (size_t)p[i] << 8 | p[i + 1];
		i += 2;
		if (k > n - i)
			return -1;
		if (size(p + i, k, w, h) == 0)
			return 0;
		i += k;
	}
}

/* A fragmentation unit's first fragment of an SPS: its NAL header (head,
 * hn bytes) and the fragment p[at..n) put together. The SPS may go on in
 * the next fragment (rare: an SPS is far smaller than a packet): it then
 * parses only when its size fields are in this one, and is else no size. */
static int fragment(sps_fn *size, const unsigned char *head, size_t hn, const unsigned char *p,
                    size_t n, size_t at, int *w, int *h)
{
	unsigned char nal[1024];
	if (n <= at)
		return -1;
	size_t k = n - at < sizeof nal - hn ? n - at : sizeof nal - hn;
	memcpy(nal, head, hn);
	memcpy(nal + hn, p + at, k);
	return size(nal, hn + k, w, h);
}

static int h264(const unsigned char *p, size_t n, int *w, int *h)
{
	unsigned type = p[0] & 0x1F;
	if (type == 24) /* STAP-A */
		return units(h264_sps_size, p, n, 1, 0, 0, w, h);
	if (type == 28 && n >= 2 && (p[1] & 0x80) && (p[1] & 0x1F) == 7) { /* FU-A, start */
		unsigned char head = (unsigned char)((p[0] & 0xE0) | 7);
		return fragment(h264_sps_size, &head, 1, p, n, 2, w, h);
	}
	return h264_sps_size(p, n, w, h);
}

static int h265(int donl, const unsigned char *p, size_t n, int *w, int *h)
{
	if (n < 3)
		return -1;
	unsigned type = p[0] >> 1 & 0x3F;
	if (type == 48) /* AP */
		return units(h265_sps_size, p, n, 2, donl ? 2 : 0, donl ? 1 : 0, w, h);
	if (type == 49 && (p[2] & 0x80) && (p[2] & 0x3F) == 33) { /* FU, start */
		unsigned char head[2] = {(unsigned char)((p[0] & 0x81) | 33 << 1), p[1]};
		return fragment(h265_sps_size, head, 2, p, n, donl ? 5 : 3, w, h);
	}
	return h265_sps_size(p, n, w, h);
}

int rtp_size(enum rtp_format f, int donl, const unsigned char *pl, size_t n, int *w, int *h)
{
	if (n < 1)
		return -1;
	if (f == RTP_H264)
		return h264(pl, n, w, h);
	if (f == RTP_H265)
		return h265(donl, pl, n, w, h);
	if (f == RTP_MP4V)
		return mp4v_vol_size(pl, n, w, h);
	if (f == RTP_JPEG && n >= 8 && pl[6] && pl[7]) { /* type-specific, offset, type, Q, w, h */
		*w = pl[6] * 8, *h = pl[7] * 8;
		return 0;
	}
	return -1;
}
