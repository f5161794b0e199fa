/* drivers/service_io.c, tcp_io.c and auth_io.c, a DUT's network service:
 * the URLs it takes (scheme, default port, path) and refuses, the login it
 * answers a 401 with (the RFCs' examples), and a service that is not
 * there: test_service_io DEAD_PORT. TAP; tests/env_range_service.t
 * drives it against a simulated camera. */
#include <stdio.h>
#include <string.h>

#include "drivers/auth_io.h"
#include "drivers/service_io.h"
#include "drivers/tcp_io.h"
#include "tap.h"

static const char *init(struct service *s, const char *url)
{
	static struct err e; /* its message outlives the call */
	return service_init(s, url, NULL, NULL, 300, &e) ? e.msg : NULL;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	struct service s;
	tap_ok(!init(&s, "rtsp://cam.lab/stream1") && s.proto == SERVICE_RTSP &&
	           strcmp(s.port, "554") == 0 && strcmp(s.path, "/stream1") == 0,
	       "rtsp: port 554 unless given, the path kept");
	tap_ok(!init(&s, "http://10.0.0.5:8080") && s.proto == SERVICE_HTTP &&
	           strcmp(s.host, "10.0.0.5") == 0 && strcmp(s.port, "8080") == 0 &&
	           strcmp(s.path, "/") == 0,
	       "http: the port given, an empty path is /");
	const char *bad[] = {"ftp://h/x", "rtsp:///x", "http://h:/x", "rtsp//h/x", "", NULL};
	int refused = 1;
	for (int i = 0; bad[i]; i++)
		refused =
		    refused && init(&s, bad[i]) && strstr(init(&s, bad[i]), "must be rtsp://");
	tap_ok(refused, "another scheme, no host, an empty port, no '://': refused");
	char host[8], port[8];
	const char *path;
	tap_ok(url_split("http://a-long-host/", "http", "80", host, sizeof host, port, sizeof port,
	                 &path) < 0,
	       "a host longer than its buffer is refused, not cut");
	/* RFC 2617 §3.5's example (its cnonce is the one bench sends) */
	char auth[1200];
	const char *rfc = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest "
	                  "realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
	                  "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	                  "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n\r\n";
	tap_ok_diag(auth_header(rfc, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", auth,
	                        sizeof auth) == 0 &&
	                strstr(auth, "response=\"6629fae49393a05397450978507c4ef1\"") &&
	                strstr(auth, "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
	            "Digest with qop auth: RFC 2617's example response", auth);
	const char *basic = "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n"
	                    "WWW-Authenticate: Basic realm=\"cam\"\r\n\r\n";
	tap_ok_diag(auth_header(basic, "DESCRIBE", "rtsp://h/s", "Aladdin", "open sesame", auth,
	                        sizeof auth) == 0 &&
	                strcmp(auth, "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n") == 0,
	            "Basic: RFC 7617's example", auth);
	tap_ok(auth_header("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n", "DESCRIBE", "u", "a",
	                   "b", auth, sizeof auth) < 0,
	       "a 401 without a challenge: no header");
	char dead[64];
	struct service_answer a;
	struct err e = {0};
	snprintf(dead, sizeof dead, "rtsp://127.0.0.1:%s/s", argv[1]);
	init(&s, dead);
	tap_ok_diag(service_probe(&s, &a, &e) < 0 && strstr(e.msg, "connect") && a.status == 0,
	            "nothing listening: an error, no status", e.msg);
	return tap_done();
}
