#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static void to_hex(const unsigned char *d, unsigned n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_Digest(data, len, d, &n, EVP_sha256(), NULL);
	to_hex(d, n, out);
}

struct sha256 {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

struct sha256 *sha256_new(void)
{
	struct sha256 *h = calloc(1, sizeof *h);
	if (h && (h->md = EVP_MD_fetch(NULL, "SHA256", NULL)) && (h->ctx = EVP_MD_CTX_new()))
		return h;
	sha256_free(h);
	return NULL;
}

void sha256_line(struct sha256 *h, const void *data, size_t len, char out[SHA256_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (h && EVP_DigestInit_ex2(h->ctx, h->md, NULL) && EVP_DigestUpdate(h->ctx, data, len) &&
	    EVP_DigestFinal_ex(h->ctx, d, &n))
		to_hex(d, n, out);
	else
		sha256_hex(data, len, out);
}

void sha256_free(struct sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	free(h);
}

int sha256_file(const char *path, char out[SHA256_HEX], struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int rc = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) ? 0 : -1;
	unsigned char buf[65536];
	size_t n;
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		rc = EVP_DigestUpdate(c, buf, n) ? 0 : -1;
	rc |= ferror(f) ? -1 : 0;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	if (!rc)
		rc = EVP_DigestFinal_ex(c, d, &dn) ? 0 : -1;
	EVP_MD_CTX_free(c);
	fclose(f);
	if (rc)
		return err_set(e, EXIT_USAGE, "%s: cannot hash", path);
	to_hex(d, dn, out);
	return 0;
}
