/* A camera's bytes on an RTSP connection (drivers/rtsp_io.c), fed through
 * a socketpair: read as the answer to DESCRIBE (interleaved packets and
 * the camera's own requests before it taken on the way), its SDP's video
 * stream, its headers and its login challenges read, then as a stream of
 * RTP frames. Input: the bytes the camera sends, then the connection
 * closes. An answer taken is an RTSP/1.0 status line; a failure always has
 * a message; a picture size from the SDP or the packets (an SPS in band of
 * H.264 or H.265 with DONL, an MPEG-4 VOL header, a JPEG header) is in range, both sides or none;
 * frames never outnumber the packets; control URLs are
 * NUL-terminated in their room; a login is one header line. */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drivers/auth_io.h"
#include "drivers/rtp_size.h"
#include "drivers/rtsp_io.h"
#include "drivers/tcp_io.h"
#include "fuzz.h"

/* A picture size is whole, at most H.265's widest (16888) and H.264's
 * tallest (1024 macroblock pairs), or none. */
static int in_range(int w, int h)
{
	return w >= 0 && w <= 16888 && h >= 0 && h <= 32768 && (w > 0) == (h > 0);
}

static void answer(const char *ans)
{
	struct rtp_count c;
	char media[64], agg[64], v[32];
	const char *body = strstr(ans, "\r\n\r\n");
	if (sdp_video(body ? body + 4 : ans, "rtsp://h/s", &c, media, agg, sizeof media) == 0) {
		FUZZ_CHECK(c.npt >= 0 && c.npt <= 16 && memchr(c.codec[0], 0, sizeof c.codec[0]) &&
		           c.seen >= 0 && c.seen < 16);
		for (int k = 0; k < c.npt; k++)
			FUZZ_CHECK(in_range(c.width[k], c.height[k]) && c.format[k] <= RTP_MP4V);
	}
	FUZZ_CHECK(memchr(media, 0, sizeof media) && memchr(agg, 0, sizeof agg));
	if (rtsp_header(ans, "Session", v, sizeof v) == 0)
		FUZZ_CHECK(strlen(v) < sizeof v && !strpbrk(v, "\r\n"));
	struct auth_ask q = {.method = "DESCRIBE", .uri = "rtsp://h/s", .user = "u", .pass = "p"};
	char hdr[600];
	if (auth_header(ans, &q, hdr, sizeof hdr) == 0) {
		size_t n = strlen(hdr);
		FUZZ_CHECK(n >= 2 && strcmp(hdr + n - 2, "\r\n") == 0 &&
		           strncmp(hdr, "Authorization: ", 15) == 0 &&
		           memchr(q.nonce, 0, sizeof q.nonce));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int sv[2];
	if (size > 150000 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 0;
	size_t len = tcp_message_len((const char *)data, size);
	FUZZ_CHECK(len <= size);
	if (write(sv[1], data, size) != (ssize_t)size) {
		close(sv[0]), close(sv[1]);
		return 0;
	}
	shutdown(sv[1], SHUT_WR); /* the camera's bytes end: every read ends */
	struct rtsp_conn c;
	struct rtp_count count = {.pt = {96, 26, 97, 98},
	                          .npt = 4,
	                          .clock = {90000, 90000, 90000, 90000},
	                          .format = {RTP_H264, RTP_JPEG, RTP_H265, RTP_MP4V},
	                          .donl = {0, 0, 1}};
	struct err e = {0};
	char ans[4096];
	if (rtsp_attach(&c, sv[0], 200, &e) == 0) {
		c.rtp_ch = 0, c.count = &count;
		if (rtsp_call(&c, "DESCRIBE", "rtsp://h/s", "", ans, sizeof ans, &e) == 0) {
			FUZZ_CHECK(strncmp(ans, "RTSP/1.0 ", 9) == 0);
			answer(ans);
		} else {
			FUZZ_CHECK(e.msg[0]);
		}
		struct err fe = {0};
		if (rtsp_read_frames(&c, 3, 200, &fe))
			FUZZ_CHECK(fe.msg[0]);
		FUZZ_CHECK(count.frames <= count.packets && count.frames >= 0 &&
		           in_range(count.sent_width, count.sent_height));
		rtsp_close(&c);
	}
	close(sv[1]);
	return 0;
}
