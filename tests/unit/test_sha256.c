/* Unit tests of bench/base/sha256.c against the FIPS 180-2 examples (the
 * trace chain and the manifest stand on it): "abc", the empty message, the
 * 448-bit message, a million 'a' through a file; a file equals the hash of
 * its bytes; a missing file is an error. Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "tap.h"

static void test_vectors(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
	    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char got[SHA256_HEX];
		sha256_hex(v[i].in, strlen(v[i].in), got);
		tap_ok_diag(strcmp(got, v[i].want) == 0, "sha256_hex of a FIPS 180-2 example", got);
	}
}

static void test_file(void)
{
	char path[] = "/tmp/test_sha256.XXXXXX";
	int fd = mkstemp(path);
	size_t n = 1000000;
	char *a = malloc(n);
	if (fd < 0 || !a) {
		tap_ok(0, "temporary file");
		free(a);
		return;
	}
	memset(a, 'a', n);
	int wrote = write(fd, a, n) == (ssize_t)n;
	close(fd);
	char got[SHA256_HEX] = "", mem[SHA256_HEX] = "";
	struct err e = {0};
	tap_ok(wrote && sha256_file(path, got, &e) == 0, "sha256_file reads a 1 MB file");
	tap_ok_diag(
	    strcmp(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
	    "a million 'a' (FIPS 180-2), read in 64 kB pieces", got);
	sha256_hex(a, n, mem);
	tap_ok(strcmp(got, mem) == 0, "sha256_file equals sha256_hex of the same bytes");
	unlink(path);
	free(a);
	tap_ok(sha256_file(path, got, &e) < 0 && e.code == EXIT_USAGE && strstr(e.msg, path),
	       "a missing file is an error naming it");
}

int main(void)
{
	test_vectors();
	test_file();
	return tap_done();
}
