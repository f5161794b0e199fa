/* SHA-256 through OpenSSL's SHA256_* functions: deprecated in OpenSSL 3
 * but kept there, and unlike EVP_Digest* they hash on the stack. The trace
 * hashes a line per APDU; every EVP route of OpenSSL 3.0 (init, re-init,
 * copy from a template) allocates a context per digest, which
 * bench/perf/profile put at 1.6 us of an APDU's CPU (this route: 0.5 us).
 * The digests are the same bytes; what changes is that an OpenSSL set up
 * for its FIPS provider does not route these through it (the manifest's
 * signature still goes through EVP: bench/record/trust.c). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX])
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	SHA256_CTX c;
	SHA256_Init(&c);
	SHA256_Update(&c, data, len);
	SHA256_Final(d, &c);
	hex_encode_lower(d, sizeof d, out);
}

int sha256_file(const char *path, char out[SHA256_HEX], struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	SHA256_CTX c;
	SHA256_Init(&c);
	unsigned char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		SHA256_Update(&c, buf, n);
	int bad = ferror(f);
	fclose(f);
	unsigned char d[SHA256_DIGEST_LENGTH];
	SHA256_Final(d, &c);
	if (bad)
		return err_set(e, EXIT_USAGE, "%s: cannot read", path);
	hex_encode_lower(d, sizeof d, out);
	return 0;
}
