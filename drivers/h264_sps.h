/* The picture size an H.264 stream declares in its sequence parameter set
 * (ITU-T H.264 §7.3.2.1.1), which a camera's SDP carries in the fmtp
 * parameter sprop-parameter-sets (RFC 6184 §8.1: base64 NAL units, comma
 * separated). What a camera says it sends, not a decoded picture. No Lua,
 * so it is tested alone (tests/unit/test_h264_sps.c). */
#ifndef DRIVERS_H264_SPS_H
#define DRIVERS_H264_SPS_H

#include <stddef.h>

/* The width and height in pixels, after the SPS's frame cropping, of the
 * SPS NAL unit nal[0..n) (its one-byte header first, type 7; emulation
 * prevention bytes in place): 0, or -1 when it is no SPS or does not parse
 * (a field past the end, a size out of range, a crop larger than the
 * picture). */
int h264_sps_size(const unsigned char *nal, size_t n, int *w, int *h);

/* The same for the first SPS among the base64 NAL units of an
 * sprop-parameter-sets value, s[0..n) (the value alone: up to ';', a blank
 * or the end of the line): 0, or -1 when none decodes to an SPS that parses. */
int h264_sprop_size(const char *s, size_t n, int *w, int *h);

#endif
