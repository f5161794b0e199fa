/* A DUT's network service, asked whether it answers: an IP camera's RTSP
 * stream (DESCRIBE: its SDP must describe a video stream) or a device's
 * HTTP interface (GET). Apart from Lua so it can be tested alone. */
#ifndef DRIVERS_SERVICE_IO_H
#define DRIVERS_SERVICE_IO_H

#include "bench/base/base.h"

enum service_proto { SERVICE_HTTP, SERVICE_RTSP };

struct service {
	enum service_proto proto;
	char url[512]; /* rtsp://HOST[:PORT]/PATH or http://HOST[:PORT]/PATH */
	char host[256], port[16];
	char path[512];
	char user[64], pass[128]; /* a login to answer a 401 with; "": none */
	int timeout_ms;
	int frames;  /* RTSP: video frames to receive after PLAY (2); 0: DESCRIBE only */
	int wait_ms; /* for them to come (timeout_ms) */
	int sized;   /* RTSP: and, where the SDP declares no picture size, until the
	              * packets give one (an SPS in band, a JPEG header), within wait_ms */
	/* each request and its answer's status line, for the trace (or NULL) */
	void (*log)(void *arg, const char *proto, const char *req, const char *ans, long us);
	void *log_arg;
};

/* What the service answered: its status line's code and text (DESCRIBE's
 * for RTSP); for RTSP 200, whether the SDP has a video media line
 * (m=video); login: 0 none sent, 1 the station's login answered the 401's
 * challenge, -1 it did and the service refused it (401 again), -2 the 401
 * offered no scheme bench speaks (Digest, Basic). With video and frames
 * asked for: streamed 1, with what came in frames, packets (RTP of the
 * video's payload types), foreign (other packets), fps, codec, width and
 * height, transport ("tcp" or
 * "udp"), and stream: what came, or where the stream stopped short (a
 * SETUP or PLAY answer). */
struct service_answer {
	int status;
	int video;
	int login;
	char line[160];
	int streamed, frames, packets, foreign;
	double fps;        /* from the frames' RTP timestamps (0: not known) */
	char codec[32];    /* the video's encoding name in the SDP (H264, JPEG...) */
	int width, height; /* its picture size: the packets' (size_sent 1) where they gave */
	int size_sent;     /* one, else the SDP's (an SPS in an fmtp line); 0: neither */
	int sdp_width, sdp_height; /* the SDP's alone; 0: none */
	char transport[4];
	char stream[240];
	char moved[512]; /* RTSP: the URL DESCRIBE's redirects led to ("": none) */
};

/* Fills s from the URL (its scheme names the protocol) and the login
 * (user NULL: none); EXIT_USAGE when the URL is neither rtsp:// nor
 * http:// with a host. */
int service_init(struct service *s, const char *url, const char *user, const char *pass,
                 int timeout_ms, struct err *e);
/* One probe, every step within s->timeout_ms: HTTP GET, or RTSP DESCRIBE
 * (a 301, 302, 303 or 307 answer's rtsp:// Location followed, at most 3
 * hops, each on a connection of its own; the login only to the host it was
 * given for) and, for a stream with video and s->frames, SETUP (RTP interleaved on the
 * connection, RFC 2326 §10.12, else over UDP), PLAY, s->frames frames
 * awaited, TEARDOWN; the station's login answers a 401. 0 with the answer
 * (any status: what it means is the suite's), -1 when nothing of the
 * protocol came back (no connection, no answer, another protocol's bytes). */
int service_probe(const struct service *s, struct service_answer *a, struct err *e);

#endif
