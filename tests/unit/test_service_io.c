/* drivers/service_io.c and tcp_io.c, a DUT's network service: the URLs it
 * takes (scheme, default port, path) and refuses, and a service that is
 * not there: test_service_io DEAD_PORT. TAP; tests/env_range_service.t
 * drives it against a simulated camera. */
#include <stdio.h>
#include <string.h>

#include "drivers/service_io.h"
#include "drivers/tcp_io.h"
#include "tap.h"

static const char *init(struct service *s, const char *url)
{
	static struct err e; /* its message outlives the call */
	return service_init(s, url, 300, &e) ? e.msg : NULL;
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
	char dead[64];
	struct service_answer a;
	struct err e = {0};
	snprintf(dead, sizeof dead, "rtsp://127.0.0.1:%s/s", argv[1]);
	init(&s, dead);
	tap_ok_diag(service_probe(&s, &a, &e) < 0 && strstr(e.msg, "connect") && a.status == 0,
	            "nothing listening: an error, no status", e.msg);
	return tap_done();
}
