/* The picture size one RTP packet of a video stream gives where its payload
 * format carries one: an SPS sent in band (H.264, RFC 6184 §5.6-5.8: a
 * single NAL unit, an STAP-A, the first fragment of an FU-A; H.265, RFC
 * 7798 §4.4: a single NAL unit, an AP, the first fragment of an FU, with the
 * DONL fields its SDP announces), an MPEG-4 Part 2 VOL header sent in band
 * (RFC 6416 §5.1), or the RFC 2435 §3.1 JPEG header's width and height (in
 * 8-pixel units: at most 2040). A sent SPS beats the SDP's:
 * it is what the decoder uses. No Lua, so it is tested alone
 * (tests/unit/test_rtp_size.c). */
#ifndef DRIVERS_RTP_SIZE_H
#define DRIVERS_RTP_SIZE_H

#include <stddef.h>

enum rtp_format { RTP_OTHER, RTP_H264, RTP_H265, RTP_JPEG, RTP_MP4V };

/* The payload of the RTP packet p[0..n) (RFC 3550 §5.1): after the fixed
 * header, its CSRCs and its header extension, up to its padding: its
 * offset, its length in *len; -1 where those run past the packet. */
long rtp_payload(const unsigned char *p, size_t n, size_t *len);

/* The size the payload pl[0..n) of format f gives (donl: H.265's
 * aggregation and fragmentation units carry DONL/DOND fields, RFC 7798
 * §4.4.2, as the SDP's sprop-max-don-diff or sprop-depack-buf-nalus above
 * 0 says): 0, or -1 where it gives none (another NAL unit, an SPS cut by
 * its fragment, a JPEG header of width or height 0). */
int rtp_size(enum rtp_format f, int donl, const unsigned char *pl, size_t n, int *w, int *h);

#endif
