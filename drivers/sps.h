/* The picture size a video stream declares in its sequence parameter set:
 * H.264's (ITU-T H.264 §7.3.2.1.1) and H.265's (ITU-T H.265 §7.3.2.2.1),
 * which a camera's SDP carries base64 in an fmtp parameter (RFC 6184 §8.1
 * sprop-parameter-sets, RFC 7798 §7.1 sprop-sps) and its RTP packets may
 * carry in band (drivers/rtp_size.c); and MPEG-4 Part 2's video object
 * layer header (ISO/IEC 14496-2 §6.2.3), the SDP's config (RFC 6416 §7.1)
 * or in band. What a camera says it sends, not a
 * decoded picture. No Lua, so it is tested alone (tests/unit/test_sps.c). */
#ifndef DRIVERS_SPS_H
#define DRIVERS_SPS_H

#include <stddef.h>

enum sps_codec { SPS_H264, SPS_H265 };

/* The width and height in pixels, after the SPS's cropping (H.264's frame
 * cropping, H.265's conformance window), of the SPS NAL unit nal[0..n) (its
 * header first: H.264's one byte, type 7; H.265's two, type 33, layer 0;
 * emulation prevention bytes in place): 0, or -1 when it is no SPS or does
 * not parse (a field past the end, a size out of range, a crop larger than
 * the picture); w and h are written only on 0. */
int h264_sps_size(const unsigned char *nal, size_t n, int *w, int *h);
int h265_sps_size(const unsigned char *nal, size_t n, int *w, int *h);

/* The size of the first video object layer header in p[0..n) (its start
 * code 00 00 01 2x, found among the headers before it), where its shape is
 * rectangular: 0, or -1 where there is none or it does not parse (a field
 * past the end, a marker bit 0, a size of 0). */
int mp4v_vol_size(const unsigned char *p, size_t n, int *w, int *h);

/* The same for the first SPS of codec among the base64 NAL units of an
 * fmtp value s[0..n) (the value alone: up to ';', a blank or the end of the
 * line; units comma separated): 0, or -1 when none decodes to an SPS that
 * parses. */
int sprop_size(enum sps_codec codec, const char *s, size_t n, int *w, int *h);

#endif
