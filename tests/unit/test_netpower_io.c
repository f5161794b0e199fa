/* drivers/netpower_io.c, labgrid's NetworkPowerPort over HTTP: the URL
 * templates as labgrid formats them, the models and URLs it refuses, and
 * a switch that does not answer, or answers in bare-LF lines:
 * test_netpower_io DEAD_PORT LF_PORT (a server answering "1" so). TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/netpower_io.h"
#include "tap.h"

static const char *url(const char *model, const char *tmpl, int index, const char *value)
{
	static char out[600];
	struct netpower p;
	static struct err e; /* its message outlives the call */
	if (netpower_init(&p, model, tmpl, index, 300, &e))
		return e.msg;
	return netpower_url(&p, value, out, sizeof out) ? "too long" : out;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	tap_ok_diag(strcmp(url("rest", "http://h/relay/{index}/value", 3, ""),
	                   "http://h/relay/3/value") == 0,
	            "rest: {index} replaced", url("rest", "http://h/relay/{index}/value", 3, ""));
	tap_ok_diag(strcmp(url("simplerest", "http://h:99/r/{index}/{value}", 0, "1"),
	                   "http://h:99/r/0/1") == 0,
	            "simplerest set: {index} and {value}",
	            url("simplerest", "http://h:99/r/{index}/{value}", 0, "1"));
	tap_ok_diag(
	    strcmp(url("simplerest", "http://h/r/{index}/{value}", 2, ""), "http://h/r/2") == 0,
	    "simplerest read: empty value, trailing '/' dropped as labgrid does",
	    url("simplerest", "http://h/r/{index}/{value}", 2, ""));
	tap_ok_diag(strstr(url("gude", "http://h/", 0, ""), "rest and simplerest") != NULL,
	            "another model is refused", url("gude", "http://h/", 0, ""));
	tap_ok_diag(strstr(url("rest", "https://h/x", 0, ""), "http://HOST") != NULL &&
	                strstr(url("rest", "http:///x", 0, ""), "http://HOST") != NULL,
	            "https and a URL without a host are refused",
	            url("rest", "https://h/x", 0, ""));
	struct netpower p;
	struct err e = {0};
	char dead[64];
	int on = -1;
	snprintf(dead, sizeof dead, "http://127.0.0.1:%s/{index}", argv[1]);
	netpower_init(&p, "rest", dead, 1, 300, &e);
	tap_ok_diag(netpower_get(&p, &on, &e) < 0 && strstr(e.msg, "GET http://127.0.0.1:") &&
	                on == -1,
	            "nothing listening: an error naming the request, no reading", e.msg);
	char lf[64];
	snprintf(lf, sizeof lf, "http://127.0.0.1:%s/{index}", argv[2]);
	netpower_init(&p, "rest", lf, 1, 2000, &e);
	tap_ok_diag(netpower_get(&p, &on, &e) == 0 && on == 1,
	            "an answer in bare-LF lines (RFC 9112 §2.2): read, on", e.msg);
	return tap_done();
}
