/* Which keys a lab trusts to sign its runs. A signature only says "made by
 * the key in manifest.sig", and anyone can make a key: the trust list, kept
 * by the lab away from the run directories, is what ties a run to the lab. */
#include "record.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "bench/base/base.h"

static void key_fpr(EVP_PKEY *k, char fpr[SHA256_HEX])
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	sha256_hex(der, n > 0 ? (size_t)n : 0, fpr);
	OPENSSL_free(der);
}

int key_fpr_file(const char *path, int private_key, char fpr[SHA256_HEX], struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	EVP_PKEY *k = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
	                          : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k)
		return err_set(e, EXIT_USAGE, "%s: not a PEM %s key%s", path,
		               private_key ? "private" : "public",
		               private_key ? " without passphrase" : "");
	key_fpr(k, fpr);
	EVP_PKEY_free(k);
	return 0;
}

/* "sha256:<64 hex>" or 64 hex digits alone, into lowercase hex. */
int fpr_parse(const char *s, size_t n, char fpr[SHA256_HEX])
{
	if (n > 7 && strncmp(s, "sha256:", 7) == 0)
		s += 7, n -= 7;
	if (n != 64)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		fpr[i] = (char)tolower((unsigned char)s[i]);
	}
	fpr[64] = '\0';
	return 0;
}

/* A PEM public key's base64 body (one line, or the lines of a block run
 * together): PEM wants lines of 64, so it is cut into those. */
static int b64_fpr(const char *b64, size_t n, char fpr[SHA256_HEX])
{
	struct sbuf pem = {0};
	sb_printf(&pem, "-----BEGIN PUBLIC KEY-----\n");
	for (size_t i = 0; i < n; i += 64) {
		sb_add(&pem, b64 + i, n - i < 64 ? n - i : 64);
		sb_add(&pem, "\n", 1);
	}
	sb_printf(&pem, "-----END PUBLIC KEY-----\n");
	BIO *bio = pem.oom ? NULL : BIO_new_mem_buf(sb_str(&pem), (int)pem.len);
	EVP_PKEY *k = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	sb_free(&pem);
	if (!k)
		return -1;
	key_fpr(k, fpr);
	EVP_PKEY_free(k);
	return 0;
}

static int add(struct trust *t, const char fpr[SHA256_HEX], const char *label, size_t llen)
{
	struct trusted *v = realloc(t->keys, (t->n + 1) * sizeof *v);
	if (!v)
		return -1;
	t->keys = v;
	memcpy(v[t->n].fpr, fpr, SHA256_HEX);
	v[t->n].label = strndup(label, llen);
	return v[t->n++].label ? 0 : -1;
}

/* One line without its newline: a fingerprint or a one-line key, then an
 * optional label; or a line of a PEM block (pem collects the block). */
static int trust_line(struct trust *t, char *l, struct sbuf *pem, int *in_pem)
{
	size_t n = strlen(l);
	while (n && isspace((unsigned char)l[n - 1]))
		l[--n] = '\0';
	while (isspace((unsigned char)*l))
		l++, n--;
	char fpr[SHA256_HEX];
	if (*in_pem) {
		if (strncmp(l, "-----END ", 9) != 0) {
			sb_add(pem, l, n);
			return 0;
		}
		*in_pem = 0;
		int rc = b64_fpr(sb_str(pem), pem->len, fpr) || add(t, fpr, "", 0) ? -1 : 0;
		sb_free(pem);
		*pem = (struct sbuf){0};
		return rc;
	}
	if (!*l || *l == '#')
		return 0;
	if (strcmp(l, "-----BEGIN PUBLIC KEY-----") == 0)
		return *in_pem = 1, 0;
	size_t k = strcspn(l, " \t");
	const char *label = l + k + strspn(l + k, " \t");
	if (fpr_parse(l, k, fpr) && b64_fpr(l, k, fpr))
		return -1;
	return add(t, fpr, label, strlen(label));
}

int trust_load(const char *path, struct trust *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	snprintf(t->path, sizeof t->path, "%s", path);
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, EXIT_USAGE, "trust list %s: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	struct sbuf pem = {0};
	int in_pem = 0, no = 0, rc = 0;
	while (!rc && getline(&line, &cap, f) > 0) {
		no++;
		if (trust_line(t, line, &pem, &in_pem))
			rc = err_set(e, EXIT_USAGE,
			             "%s:%d: not a key: a line is a fingerprint (sha256:<64 hex>) "
			             "or a public key (one line of base64 DER, or a PEM block), "
			             "then an optional name; # starts a comment",
			             path, no);
	}
	free(line);
	sb_free(&pem);
	fclose(f);
	if (!rc && in_pem)
		rc = err_set(e, EXIT_USAGE, "%s: PEM block without its END line", path);
	if (!rc && !t->n)
		rc = err_set(e, EXIT_USAGE, "%s: lists no key", path);
	if (rc)
		trust_free(t);
	return rc;
}

void trust_free(struct trust *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->keys[i].label);
	free(t->keys);
	t->keys = NULL;
	t->n = 0;
}

const char *trust_find(const struct trust *t, const char fpr[SHA256_HEX])
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->keys[i].fpr, fpr) == 0)
			return t->keys[i].label;
	return NULL;
}
