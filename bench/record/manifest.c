#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "bench/base/base.h"

const char *const manifest_files[] = {
    "results.tap", "measurements.csv", "trace.log",   "journal",    "journal.cut",
    "run.json",    "junit.xml",        "report.html", "report.pdf", NULL};

static int slurp(const char *path, unsigned char **buf, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, EXIT_FAILED, "%s: %s", path, strerror(errno));
	char *b = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&b, &n);
	char chunk[65536];
	size_t k;
	while (m && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, k, m);
	int bad = ferror(f) || !m;
	fclose(f);
	if (m)
		fclose(m);
	if (bad) {
		free(b);
		return err_set(e, EXIT_USAGE, "%s: read failed", path);
	}
	*buf = (unsigned char *)b;
	*len = n;
	return 0;
}

/* The hash of trace.log's last line closes the chain: without it the last
 * line could change with only the file hash to notice. */
static int trace_head(const char *dir, char hex[SHA256_HEX], long *nlines)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/trace.log", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	char *line = NULL, *last = NULL;
	size_t cap = 0;
	ssize_t n;
	*nlines = 0;
	while ((n = trace_getline(&line, &cap, f)) > 0) {
		line[--n] = '\0';
		free(last);
		last = strdup(line);
		++*nlines;
	}
	free(line);
	fclose(f);
	if (!last)
		return -1;
	sha256_hex(last, strlen(last), hex);
	free(last);
	return 0;
}

/* The fingerprints a reviewer reads: the station's lab key (run.json's
 * record of it) and the key that signs this manifest; when they differ the
 * run was re-signed with another key (bench report --key). */
static void put_keys(FILE *f, EVP_PKEY *k, const char *lab_fpr)
{
	if (lab_fpr)
		fprintf(f, "  \"lab_key_fingerprint\": \"sha256:%s\",\n", lab_fpr);
	if (!k)
		return;
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	char fpr[SHA256_HEX];
	sha256_hex(der, n > 0 ? (size_t)n : 0, fpr);
	OPENSSL_free(der);
	fprintf(f, "  \"signer\": \"sha256:%s\",\n", fpr);
	if (lab_fpr && strcmp(fpr, lab_fpr) != 0)
		fprintf(stderr,
		        "bench: warning: signing with key sha256:%s, not the station's lab key "
		        "sha256:%s\n",
		        fpr, lab_fpr);
}

static int write_files(FILE *f, const char *dir, struct err *e)
{
	fputs("  \"files\": {", f);
	int first = 1;
	for (const char *const *n = manifest_files; *n; n++) {
		char fp[4300], hex[SHA256_HEX];
		snprintf(fp, sizeof fp, "%s/%s", dir, *n);
		if (access(fp, F_OK))
			continue;
		if (sha256_file(fp, hex, e))
			return -1;
		fprintf(f, "%s\n    \"%s\": \"%s\"", first ? "" : ",", *n, hex);
		first = 0;
	}
	fputs("\n  }\n}\n", f);
	return 0;
}

/* Written aside and renamed: a failed write leaves the old manifest whole. */
static int write_json(const char *dir, const char *run_id, EVP_PKEY *k, const char *lab_fpr,
                      struct err *e)
{
	char p[4200], tmp[4300];
	snprintf(p, sizeof p, "%s/manifest.json", dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", p);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return err_set(e, EXIT_USAGE, "%s: %s", tmp, strerror(errno));
	fprintf(f, "{\n  \"run_id\": \"%s\",\n  \"hash\": \"sha256\",\n  \"signed\": %s,\n", run_id,
	        k ? "true" : "false");
	put_keys(f, k, lab_fpr);
	char head[SHA256_HEX];
	long nl;
	if (trace_head(dir, head, &nl) == 0)
		fprintf(f, "  \"trace_head\": \"%s\",\n  \"trace_lines\": %ld,\n", head, nl);
	int rc = write_files(f, dir, e);
	rc |= fflush(f) || fsync(fileno(f)) ? -1 : 0;
	if (fclose(f) || rc)
		rc = e->code ? -1
		             : err_set(e, EXIT_USAGE, "%s: write failed: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, p))
		rc = err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	if (rc)
		remove(tmp);
	return rc;
}

static char *b64(const unsigned char *d, size_t n)
{
	char *o = malloc(4 * ((n + 2) / 3) + 1);
	if (o)
		EVP_EncodeBlock((unsigned char *)o, d, (int)n);
	return o;
}

/* Ed25519/Ed448 sign the message itself; other key types sign its SHA-256. */
static const EVP_MD *md_for(EVP_PKEY *k)
{
	int id = EVP_PKEY_get_base_id(k);
	return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448 ? NULL : EVP_sha256();
}

static int sign_buf(EVP_PKEY *k, const unsigned char *m, size_t mlen, unsigned char **sig,
                    size_t *slen)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestSignInit(c, NULL, md_for(k), NULL, k) == 1 &&
	         EVP_DigestSign(c, NULL, slen, m, mlen) == 1 && (*sig = malloc(*slen)) &&
	         EVP_DigestSign(c, *sig, slen, m, mlen) == 1;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

static int write_sig(const char *dir, EVP_PKEY *k, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/manifest.json", dir);
	unsigned char *m = NULL, *sig = NULL, *der = NULL;
	size_t mlen = 0, slen = 0;
	if (slurp(p, &m, &mlen, e))
		return -1;
	int dlen = i2d_PUBKEY(k, &der);
	int rc = dlen > 0 && !sign_buf(k, m, mlen, &sig, &slen) ? 0 : -1;
	char *pub = rc ? NULL : b64(der, (size_t)dlen), *s64 = rc ? NULL : b64(sig, slen);
	snprintf(p, sizeof p, "%s/manifest.sig", dir);
	FILE *f = pub && s64 ? fopen(p, "w") : NULL;
	if (f) {
		fprintf(f, "algorithm: %s\npublic-key: %s\nsignature: %s\n",
		        OBJ_nid2sn(EVP_PKEY_get_base_id(k)), pub, s64);
		rc = fclose(f) ? -1 : 0;
	} else {
		rc = -1;
	}
	free(m);
	free(sig);
	OPENSSL_free(der);
	free(pub);
	free(s64);
	return rc ? err_set(e, EXIT_USAGE, "%s: signing failed", p) : 0;
}

static EVP_PKEY *load_key(const char *path, struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		err_set(e, EXIT_USAGE, "lab key %s: %s", path, strerror(errno));
		return NULL;
	}
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!k)
		err_set(e, EXIT_USAGE,
		        "lab key %s: not a PEM private key without passphrase "
		        "(make one with: openssl genpkey -algorithm ed25519 -out lab.pem)",
		        path);
	return k;
}

int manifest_key_check(const char *lab_key, struct err *e)
{
	struct stat sb;
	if (stat(lab_key, &sb))
		return err_set(e, EXIT_USAGE, "lab key %s: %s", lab_key, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return err_set(e, EXIT_USAGE, "lab key %s: not a regular file", lab_key);
	if (sb.st_mode & 077)
		return err_set(e, EXIT_USAGE,
		               "lab key %s: mode %04o lets group/others read the lab's signing key "
		               "(chmod 600 %s)",
		               lab_key, (unsigned)(sb.st_mode & 07777), lab_key);
	EVP_PKEY *k = load_key(lab_key, e);
	EVP_PKEY_free(k);
	return k ? 0 : -1;
}

int manifest_write(const char *dir, const char *run_id, const char *lab_key, const char *lab_fpr,
                   struct err *e)
{
	EVP_PKEY *k = NULL;
	if (lab_key && !(k = load_key(lab_key, e)))
		return -1;
	int rc = write_json(dir, run_id, k, lab_fpr, e);
	char p[4200];
	snprintf(p, sizeof p, "%s/manifest.sig", dir);
	if (!rc && k)
		rc = write_sig(dir, k, e);
	else if (!rc && unlink(p) && errno != ENOENT)
		rc = err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	EVP_PKEY_free(k);
	return rc;
}

/* Decodes base64; EVP_DecodeBlock counts padding as zero bytes, undo that. */
static unsigned char *unb64(const char *s, size_t *n)
{
	size_t len = strlen(s);
	if (!len || len % 4)
		return NULL;
	unsigned char *o = malloc(len);
	int k = o ? EVP_DecodeBlock(o, (const unsigned char *)s, (int)len) : -1;
	if (k < 0) {
		free(o);
		return NULL;
	}
	k -= (s[len - 1] == '=') + (s[len - 2] == '=');
	*n = (size_t)k;
	return o;
}

static char *sig_field(char *text, const char *key)
{
	size_t kl = strlen(key);
	for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, key, kl) == 0 && l[kl] == ':' && l[kl + 1] == ' ') {
			char *v = l + kl + 2;
			char *end = strchr(v, '\n');
			return strndup(v, end ? (size_t)(end - v) : strlen(v));
		}
	return NULL;
}

static int check(EVP_PKEY *k, const unsigned char *m, size_t mlen, const unsigned char *sig,
                 size_t slen)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestVerifyInit(c, NULL, md_for(k), NULL, k) == 1 &&
	         EVP_DigestVerify(c, sig, slen, m, mlen) == 1;
	EVP_MD_CTX_free(c);
	return ok;
}

int manifest_check_sig(const char *dir, char fpr[SHA256_HEX], struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/manifest.sig", dir);
	if (access(p, F_OK))
		return 1;
	unsigned char *text = NULL, *m = NULL, *der = NULL, *sig = NULL;
	size_t tlen, mlen, dlen = 0, slen = 0;
	EVP_PKEY *k = NULL;
	int rc = -1;
	if (slurp(p, &text, &tlen, e))
		return -1;
	char *pub = sig_field((char *)text, "public-key"),
	     *s = sig_field((char *)text, "signature");
	const unsigned char *dp = der = pub ? unb64(pub, &dlen) : NULL;
	sig = s ? unb64(s, &slen) : NULL;
	/* The key must use every decoded byte: a trailing one (a base64 '='
	 * turned into a digit) would change the fingerprint, not the key. */
	if (!der || !sig || !(k = d2i_PUBKEY(NULL, &dp, (long)dlen)) || dp != der + dlen) {
		err_set(e, EXIT_FAILED, "manifest.sig: malformed (public-key or signature)");
		goto out;
	}
	/* Only the exact text manifest_write makes is accepted, so no byte of
	 * manifest.sig can change unnoticed (base64 has slack bits). */
	char *pub2 = b64(der, dlen), *s2 = b64(sig, slen), *canon = NULL;
	if (pub2 && s2 &&
	    asprintf(&canon, "algorithm: %s\npublic-key: %s\nsignature: %s\n",
	             OBJ_nid2sn(EVP_PKEY_get_base_id(k)), pub2, s2) < 0)
		canon = NULL;
	int same = canon && strlen(canon) == tlen && memcmp(canon, text, tlen) == 0;
	free(pub2);
	free(s2);
	free(canon);
	if (!same) {
		err_set(e, EXIT_FAILED, "manifest.sig: altered (not the text bench signs)");
		goto out;
	}
	sha256_hex(der, dlen, fpr);
	snprintf(p, sizeof p, "%s/manifest.json", dir);
	if (slurp(p, &m, &mlen, e))
		goto out;
	if (!check(k, m, mlen, sig, slen)) {
		err_set(e, EXIT_FAILED,
		        "manifest.json: manifest.sig: signature does not verify: "
		        "one of the two was altered");
		goto out;
	}
	rc = 0;
out:
	EVP_PKEY_free(k);
	free(text);
	free(m);
	free(der);
	free(sig);
	free(pub);
	free(s);
	return rc;
}
