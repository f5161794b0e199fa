/* An RTSP/1.0 conversation (RFC 2326) on one TCP connection, and the RTP
 * packets (RFC 3550) a camera's stream sends over it (interleaved, RFC 2326
 * §10.12) or over UDP: what the service driver needs to see that a
 * camera's video flows, not only that it is described. No Lua, so it is
 * tested alone. */
#ifndef DRIVERS_RTSP_IO_H
#define DRIVERS_RTSP_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bench/base/base.h"

/* Frames remembered to tell a new frame from one met again: more than any
 * B-frame reordering reaches back (H.264 holds at most 16 frames). */
#define RTP_RING 64

/* The RTP packets seen, judged against the SDP's payload types for the
 * video stream: a frame is the packets of one timestamp, so frames counts
 * the timestamps not seen among the last RTP_RING and not older than all of
 * them (a stream whose timestamps stand still is 1, old frames replayed 0;
 * packets reordered or frames sent out of order, as B-frames are, are
 * counted once; what the pictures show is not decoded). */

struct rtp_count {
	int pt[16], npt;          /* the video's payload types (m=video's formats) */
	char codec[16][24];       /* each one's encoding name (a=rtpmap, or RFC 3551's static) */
	unsigned clock[16];       /* and clock rate, Hz (0: not given) */
	int width[16];            /* and picture size in pixels, where the SDP gives it (an SPS */
	int height[16];           /* or VOL header, sdp_video); 0: not given */
	unsigned char format[16]; /* and payload format, as rtp_size reads it (rtp_size.h) */
	unsigned char donl[16];   /* and whether its H.265 units carry DONL fields */
	int seen;        /* the index of the type the first packet counted had (0: none yet) */
	int sent_width;  /* the smallest picture size (by area) the packets of that */
	int sent_height; /* type gave (an SPS or VOL sent in band, a JPEG header); 0: none */
	int until_sized; /* the reads go on past the frames wanted until a size is known */
	int packets;     /* RTP version 2 of one of those types */
	int foreign;     /* anything else on the RTP channel or port */
	int frames;
	uint32_t first_ts;
	int32_t at[1024];          /* the first frames' timestamps, from first_ts */
	uint32_t ssrc;             /* the source counted (RFC 3550 §8: its own timeline) */
	int kept;                  /* timestamps in recent since the source began */
	uint32_t recent[RTP_RING]; /* the last timestamps counted, a ring */
};

/* Counts one packet of n bytes (and reads the picture size it gives). */
void rtp_count_packet(struct rtp_count *c, const unsigned char *p, size_t n);

/* The stream's frame rate from its timestamps: the clock of the type it
 * came in over its usual interval, the mean of the intervals between them,
 * sorted, within half the median of it (so B-frames sent before the
 * frames they follow, and a frame lost here and there, do not move it);
 * 0 where fewer than 2 frames or no clock rate. */
double rtp_fps(const struct rtp_count *c);

/* The video stream of an SDP (RFC 4566): its payload types, encoding,
 * payload format and picture size (the SPS of a=fmtp's
 * sprop-parameter-sets, RFC 6184 §8.1, for H.264; of sprop-sps, RFC 7798
 * §7.1, for H.265; the VOL header in config, RFC 6416 §7.1, for MPEG-4)
 * into c, its control URL (a=control, RFC 2326 §C.1.1) made absolute
 * against base into media, and the session's aggregate one into aggregate
 * (media when the SDP gives none). 0, or -1 when there is no m=video line
 * (c then empty, both URLs the base). */
int sdp_video(const char *sdp, const char *base, struct rtp_count *c, char *media, char *aggregate,
              size_t len);

/* One RTSP connection: a request and its answer at a time; interleaved
 * packets that come meanwhile on channel rtp_ch go to count. */
struct rtsp_conn {
	int fd, ms, cseq;
	int rtp_ch;              /* interleaved channel of RTP; -1: none */
	struct rtp_count *count; /* where its packets go; NULL: dropped */
	char session[1024];      /* Session (RFC 2326 §12.37) once SETUP gave one */
	const char *auth;        /* an Authorization header line for every request, or NULL */
	int answered;            /* the camera's own requests answered (at most 64) */
	unsigned char *buf;      /* bytes read and not yet taken */
	size_t have, cap;
};

/* Connects (every step within ms): 0, or -1 with e. */
int rtsp_open(struct rtsp_conn *c, const char *host, const char *port, int ms, struct err *e);
/* The same over a connection already made (fd is the conn's from now on,
 * closed on failure too): what the fuzz target feeds through a socketpair. */
int rtsp_attach(struct rtsp_conn *c, int fd, int ms, struct err *e);
void rtsp_close(struct rtsp_conn *c);

/* Sends METHOD uri with CSeq, Session, the Authorization line and extra
 * header lines (each ending "\r\n"), and reads its answer (NUL ended) into
 * ans: 0, or -1 with e (nothing that parses as the answer within ms). */
int rtsp_call(struct rtsp_conn *c, const char *method, const char *uri, const char *extra,
              char *ans, size_t alen, struct err *e);

/* Reads interleaved packets into c->count until it holds want frames
 * (and, with until_sized, a picture size: the SDP's or one the packets
 * gave, where their format can give one), ms have passed, or none came for c->ms (a live stream
 * stalled): 0 (either way: the count says which), or -1 with e when the connection fails. */
int rtsp_read_frames(struct rtsp_conn *c, int want, int ms, struct err *e);

/* The same over a UDP socket fd, from the camera's hosts only (from[0..n),
 * the port aside); a silence of idle_ms ends it. */
int rtp_udp_frames(int fd, const struct sockaddr_storage *from, int n, struct rtp_count *count,
                   int want, int ms, int idle_ms, struct err *e);

/* A header's value in an answer (case-insensitive name), up to the end of
 * its line, into out: 0, or -1 when absent or too long. */
int rtsp_header(const char *ans, const char *name, char *out, size_t len);

#endif
