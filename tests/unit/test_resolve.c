/* drivers/resolve.c, a host name looked up within a time limit: a numeric
 * address and a name of /etc/hosts at once, and, given a name whose name
 * server never answers (tests/resolve.t makes one), an error within the
 * time, twice over while the first lookup still waits:
 * test_resolve [SILENT_NAME]. TAP. */
#include <string.h>
#include <sys/socket.h>

#include "drivers/resolve.h"
#include "tap.h"

/* Looks up name within 300 ms: rc, the ms it took, e. */
static int timed(const char *name, long *took, struct err *e)
{
	struct addrinfo *ai = NULL;
	int64_t t0 = mono_us();
	int rc = resolve(name, "554", SOCK_STREAM, 300, &ai, e);
	*took = (long)((mono_us() - t0) / 1000);
	if (ai)
		freeaddrinfo(ai);
	return rc;
}

int main(int argc, char **argv)
{
	struct err e = {0};
	long took;
	tap_ok_diag(timed("127.0.0.1", &took, &e) == 0, "a numeric address: taken as it is", e.msg);
	tap_ok_diag(timed("localhost", &took, &e) == 0, "a name of /etc/hosts: found", e.msg);
	if (argc < 2) {
		tap_skip(
		    "a name server that never answers: tests/resolve.t makes one in a mount "
		    "namespace of its own, which this machine does not allow (root, unshare, a "
		    "bind mount)");
		return tap_done();
	}
	for (int i = 1; i <= 2; i++) {
		struct err s = {0};
		int rc = timed(argv[1], &took, &s);
		tap_ok_diag(rc < 0 && s.code == EXIT_BAIL &&
		                strstr(s.msg, "no address within 300 ms") && took < 1500,
		            i == 1
		                ? "a name server that never answers: no address, within the 300 ms"
		                : "again, the first lookup still waiting: within the 300 ms",
		            s.msg);
		if (took >= 1500)
			tap_diag("took %ld ms", took);
	}
	return tap_done();
}
