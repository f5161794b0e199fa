/* Block ciphers, MACs and key derivations; see crypto.h. Everything is
 * built on one primitive, ECB over whole blocks, so each mode (CBC-MAC,
 * retail MAC, diversification) is a few visible lines rather than an EVP
 * mode whose padding and IV handling would need auditing. */
#include "crypto.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

struct crypto {
	OSSL_LIB_CTX *lib;
	OSSL_PROVIDER *legacy, *deflt;
	EVP_CIPHER *des, *tdes2, *tdes3, *sm4;
	EVP_MD *sm3, *sha256;
};

static int ossl_fail(struct err *e, const char *what)
{
	char buf[256] = "";
	unsigned long code = ERR_get_error();
	if (code)
		ERR_error_string_n(code, buf, sizeof buf);
	ERR_clear_error();
	return err_set(e, EXIT_BAIL, "crypto: %s failed%s%s", what, code ? ": " : "", buf);
}

void crypto_free(struct crypto *c)
{
	if (!c)
		return;
	EVP_CIPHER_free(c->des);
	EVP_CIPHER_free(c->tdes2);
	EVP_CIPHER_free(c->tdes3);
	EVP_CIPHER_free(c->sm4);
	EVP_MD_free(c->sm3);
	EVP_MD_free(c->sha256);
	if (c->legacy)
		OSSL_PROVIDER_unload(c->legacy);
	if (c->deflt)
		OSSL_PROVIDER_unload(c->deflt);
	OSSL_LIB_CTX_free(c->lib);
	OPENSSL_free(c);
}

struct crypto *crypto_new(struct err *e)
{
	struct crypto *c = OPENSSL_zalloc(sizeof *c);
	if (!c) {
		err_set(e, EXIT_BAIL, "crypto: out of memory");
		return NULL;
	}
	const char *what = "OSSL_LIB_CTX_new";
	if (!(c->lib = OSSL_LIB_CTX_new()))
		goto fail;
	what = "loading the OpenSSL legacy provider (DES)";
	if (!(c->legacy = OSSL_PROVIDER_load(c->lib, "legacy")))
		goto fail;
	what = "loading the OpenSSL default provider";
	if (!(c->deflt = OSSL_PROVIDER_load(c->lib, "default")))
		goto fail;
	what = "fetching DES-ECB";
	if (!(c->des = EVP_CIPHER_fetch(c->lib, "DES-ECB", NULL)))
		goto fail;
	what = "fetching DES-EDE-ECB";
	if (!(c->tdes2 = EVP_CIPHER_fetch(c->lib, "DES-EDE-ECB", NULL)))
		goto fail;
	what = "fetching DES-EDE3-ECB";
	if (!(c->tdes3 = EVP_CIPHER_fetch(c->lib, "DES-EDE3-ECB", NULL)))
		goto fail;
	what = "fetching SM4-ECB";
	if (!(c->sm4 = EVP_CIPHER_fetch(c->lib, "SM4-ECB", NULL)))
		goto fail;
	what = "fetching SM3";
	if (!(c->sm3 = EVP_MD_fetch(c->lib, "SM3", NULL)))
		goto fail;
	what = "fetching SHA2-256";
	if (!(c->sha256 = EVP_MD_fetch(c->lib, "SHA2-256", NULL)))
		goto fail;
	return c;
fail:
	ossl_fail(e, what);
	crypto_free(c);
	return NULL;
}

const char *crypto_alg_name(enum crypto_alg alg)
{
	switch (alg) {
	case CRYPTO_DES:
		return "des";
	case CRYPTO_3DES:
		return "3des";
	case CRYPTO_SM4:
		return "sm4";
	}
	return "?";
}

int crypto_alg_parse(const char *s, enum crypto_alg *out)
{
	static const enum crypto_alg all[] = {CRYPTO_DES, CRYPTO_3DES, CRYPTO_SM4};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, crypto_alg_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	return -1;
}

size_t crypto_block_size(enum crypto_alg alg)
{
	return alg == CRYPTO_SM4 ? 16 : 8;
}

int crypto_key_set(struct crypto_key *k, enum crypto_alg alg, const unsigned char *b, size_t len,
                   struct err *e)
{
	int ok = (alg == CRYPTO_DES && len == 8) ||
	         (alg == CRYPTO_3DES && (len == 16 || len == 24)) ||
	         (alg == CRYPTO_SM4 && len == 16);
	if (!ok)
		return err_set(e, EXIT_USAGE, "a %s key cannot be %zu bytes (%s)",
		               crypto_alg_name(alg), len,
		               alg == CRYPTO_DES    ? "DES needs 8"
		               : alg == CRYPTO_3DES ? "3DES needs 16 or 24"
		                                    : "SM4 needs 16");
	memset(k, 0, sizeof *k);
	k->alg = alg;
	k->len = len;
	memcpy(k->b, b, len);
	return 0;
}

void crypto_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

static const EVP_CIPHER *cipher_of(const struct crypto *c, const struct crypto_key *k)
{
	switch (k->alg) {
	case CRYPTO_DES:
		return k->len == 8 ? c->des : NULL;
	case CRYPTO_3DES:
		return k->len == 16 ? c->tdes2 : k->len == 24 ? c->tdes3 : NULL;
	case CRYPTO_SM4:
		return k->len == 16 ? c->sm4 : NULL;
	}
	return NULL;
}

int crypto_ecb(struct crypto *c, const struct crypto_key *k, int encrypt, const unsigned char *in,
               size_t n, unsigned char *out, struct err *e)
{
	const EVP_CIPHER *ci = cipher_of(c, k);
	if (!ci)
		return err_set(e, EXIT_USAGE, "a %s key cannot be %zu bytes",
		               crypto_alg_name(k->alg), k->len);
	size_t bs = crypto_block_size(k->alg);
	if (n % bs || n > (size_t)(1 << 30))
		return err_set(e, EXIT_USAGE,
		               "%s ECB: %zu bytes is not a whole number of %zu-byte blocks",
		               crypto_alg_name(k->alg), n, bs);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	if (!x)
		return ossl_fail(e, "EVP_CIPHER_CTX_new");
	int len = 0, fin = 0,
	    ok = EVP_CipherInit_ex2(x, ci, k->b, NULL, encrypt, NULL) &&
	         EVP_CIPHER_CTX_set_padding(x, 0) && EVP_CipherUpdate(x, out, &len, in, (int)n) &&
	         EVP_CipherFinal_ex(x, out + len, &fin);
	EVP_CIPHER_CTX_free(x);
	if (!ok || (size_t)(len + fin) != n)
		return ossl_fail(e, "ECB");
	return 0;
}

size_t crypto_pad2(const unsigned char *in, size_t n, size_t block, unsigned char *out, size_t cap)
{
	size_t total = (n / block + 1) * block;
	if (total > cap)
		return 0;
	memmove(out, in, n);
	out[n] = 0x80;
	memset(out + n + 1, 0, total - n - 1);
	return total;
}

int crypto_cbc_mac(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                   const unsigned char *data, size_t n, unsigned char *out, struct err *e)
{
	size_t bs = crypto_block_size(k->alg);
	if (n == 0 || n % bs)
		return err_set(e, EXIT_USAGE, "CBC-MAC: %zu bytes is not a whole number of blocks",
		               n);
	unsigned char h[16] = {0};
	if (iv)
		memcpy(h, iv, bs);
	for (size_t off = 0; off < n; off += bs) {
		for (size_t i = 0; i < bs; i++)
			h[i] ^= data[off + i];
		if (crypto_ecb(c, k, 1, h, bs, h, e))
			return -1;
	}
	memcpy(out, h, bs);
	return 0;
}

/* Pads into a buffer of its own; MAC inputs are APDU-sized. */
#define MAC_MAX 1024

static int padded(const unsigned char *data, size_t n, size_t bs, unsigned char *buf, size_t *len,
                  struct err *e)
{
	*len = crypto_pad2(data, n, bs, buf, MAC_MAX);
	if (!*len)
		return err_set(e, EXIT_USAGE, "MAC input of %zu bytes is too long (max %d)", n,
		               MAC_MAX - 16);
	return 0;
}

int crypto_mac1(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                const unsigned char *data, size_t n, unsigned char out[8], struct err *e)
{
	if (k->alg != CRYPTO_DES)
		return err_set(e, EXIT_USAGE, "MAC algorithm 1 needs an 8-byte DES key, not %s",
		               crypto_alg_name(k->alg));
	unsigned char buf[MAC_MAX];
	size_t len;
	if (padded(data, n, 8, buf, &len, e))
		return -1;
	return crypto_cbc_mac(c, k, iv, buf, len, out, e);
}

int crypto_mac3(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                const unsigned char *data, size_t n, unsigned char out[8], struct err *e)
{
	if (k->alg != CRYPTO_3DES || k->len != 16)
		return err_set(e, EXIT_USAGE, "MAC algorithm 3 needs a 16-byte 3DES key");
	struct crypto_key k1, k2;
	crypto_key_set(&k1, CRYPTO_DES, k->b, 8, NULL);
	crypto_key_set(&k2, CRYPTO_DES, k->b + 8, 8, NULL);
	unsigned char buf[MAC_MAX], h[8];
	size_t len;
	int r = -1;
	if (!padded(data, n, 8, buf, &len, e) && !crypto_cbc_mac(c, &k1, iv, buf, len, h, e) &&
	    !crypto_ecb(c, &k2, 0, h, 8, h, e) && !crypto_ecb(c, &k1, 1, h, 8, out, e))
		r = 0;
	crypto_wipe(&k1, sizeof k1);
	crypto_wipe(&k2, sizeof k2);
	return r;
}

int crypto_sm4_mac(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                   const unsigned char *data, size_t n, unsigned char out[16], struct err *e)
{
	if (k->alg != CRYPTO_SM4)
		return err_set(e, EXIT_USAGE, "SM4 MAC needs an SM4 key, not %s",
		               crypto_alg_name(k->alg));
	unsigned char buf[MAC_MAX];
	size_t len;
	if (padded(data, n, 16, buf, &len, e))
		return -1;
	return crypto_cbc_mac(c, k, iv, buf, len, out, e);
}

int crypto_mac(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
               const unsigned char *data, size_t n, unsigned char out[16], size_t *outlen,
               struct err *e)
{
	*outlen = crypto_block_size(k->alg);
	switch (k->alg) {
	case CRYPTO_DES:
		return crypto_mac1(c, k, iv, data, n, out, e);
	case CRYPTO_3DES:
		return crypto_mac3(c, k, iv, data, n, out, e);
	case CRYPTO_SM4:
		return crypto_sm4_mac(c, k, iv, data, n, out, e);
	}
	return err_set(e, EXIT_USAGE, "unknown key algorithm");
}

static int digest(EVP_MD *md, const unsigned char *data, size_t n, unsigned char out[32],
                  struct err *e)
{
	unsigned int len = 0;
	if (!EVP_Digest(data, n, out, &len, md, NULL) || len != 32)
		return ossl_fail(e, EVP_MD_get0_name(md));
	return 0;
}

int crypto_sm3(struct crypto *c, const unsigned char *data, size_t n, unsigned char out[32],
               struct err *e)
{
	return digest(c->sm3, data, n, out, e);
}

int crypto_sha256(struct crypto *c, const unsigned char *data, size_t n, unsigned char out[32],
                  struct err *e)
{
	return digest(c->sha256, data, n, out, e);
}
