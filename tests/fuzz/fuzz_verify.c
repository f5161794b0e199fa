/* bench verify on a forged trace.log (bench/verify.c: the hash chain's
 * check and blame; bench/verify_scans.c: the scans' trace lines): the
 * input is the trace, beside a manifest naming a chain head and a scans/
 * folder of two images. Any bytes give an exit code, 0, 1 or 2, never a
 * crash; verify_scans alone fails only with a message. stdout and stderr
 * are /dev/null while verify runs (a crash still aborts; the replay
 * build shows its report). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "bench/cli.h"
#include "fuzz.h"

static char dir[64];

static void put(const char *name, const void *data, size_t n)
{
	char p[128];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	FUZZ_CHECK(f && fwrite(data, 1, n, f) == n && fclose(f) == 0);
}

static void cleanup(void)
{
	static const char *const files[] = {"scans/a.png", "scans/b.png", "scans", "manifest.json",
	                                    "trace.log"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		remove(p);
	}
	rmdir(dir);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/bench-fuzz-verify.XXXXXX");
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	char p[128];
	snprintf(p, sizeof p, "%s/scans", dir);
	FUZZ_CHECK(mkdir(p, 0700) == 0);
	put("scans/a.png", "a",
	    1); /* sha256 ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb */
	put("scans/b.png", "", 0);
	static const char m[] =
	    "{\"run_id\": \"r\", \"hash\": \"sha256\", \"signed\": false,"
	    " \"trace_head\": \"0000000000000000000000000000000000000000000000000"
	    "000000000000000\", \"files\": {}}\n";
	put("manifest.json", m, sizeof m - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0])
		setup();
	put("trace.log", data, size);
	int out = dup(1), err = dup(2), nul = open("/dev/null", O_WRONLY);
	FUZZ_CHECK(out >= 0 && err >= 0 && nul >= 0);
	fflush(stdout);
	dup2(nul, 1), dup2(nul, 2);
	struct err e = {0};
	int rc = verify_scans(dir, &e);
	char *argv[] = {"verify", "--unsigned-ok", dir, NULL};
	int code = cmd_verify(3, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1), dup2(err, 2);
	close(out), close(err), close(nul);
	FUZZ_CHECK(rc == 0 || (rc == -1 && e.msg[0]));
	FUZZ_CHECK(code >= 0 && code <= 2);
	return 0;
}
