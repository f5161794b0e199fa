/* Secure messaging (GF 61/T PT002-2014 §9.3) and key derivation (§9.4,
 * appendix B, PBOC e-purse session keys) on top of crypto.c. */
#include "crypto.h"

#include <string.h>

int crypto_sm_encrypt(struct crypto *c, const struct crypto_key *k, const unsigned char *data,
                      size_t n, unsigned char *out, size_t cap, size_t *outlen, struct err *e)
{
	size_t bs = crypto_block_size(k->alg);
	if (n > 255)
		return err_set(e, EXIT_USAGE, "secure messaging: %zu bytes of data do not fit LD",
		               n);
	/* §9.3.3.2: LD || data, padded with 80 00.. only when not block-aligned. */
	size_t len = 1 + n;
	size_t total = len % bs ? (len / bs + 1) * bs : len;
	if (total > cap)
		return err_set(e, EXIT_USAGE, "secure messaging: output buffer too small");
	unsigned char buf[272];
	buf[0] = (unsigned char)n;
	memcpy(buf + 1, data, n);
	if (total > len) {
		buf[len] = 0x80;
		memset(buf + len + 1, 0, total - len - 1);
	}
	int r = crypto_ecb(c, k, 1, buf, total, out, e);
	crypto_wipe(buf, sizeof buf);
	if (r)
		return -1;
	*outlen = total;
	return 0;
}

int crypto_sm_decrypt(struct crypto *c, const struct crypto_key *k, const unsigned char *in,
                      size_t n, unsigned char *out, size_t cap, size_t *outlen, struct err *e)
{
	unsigned char buf[272];
	if (n == 0 || n > sizeof buf)
		return err_set(e, EXIT_USAGE, "secure messaging: %zu encrypted bytes", n);
	if (crypto_ecb(c, k, 0, in, n, buf, e))
		return -1;
	size_t ld = buf[0], bs = crypto_block_size(k->alg);
	int bad = 1 + ld > n || n - (1 + ld) >= bs || ld > cap;
	if (!bad && 1 + ld < n) {
		bad = buf[1 + ld] != 0x80;
		for (size_t i = 2 + ld; i < n; i++)
			bad |= buf[i] != 0;
	}
	if (!bad) {
		memcpy(out, buf + 1, ld);
		*outlen = ld;
	}
	crypto_wipe(buf, sizeof buf);
	if (bad)
		return err_set(
		    e, EXIT_FAILED,
		    "secure messaging: decrypted block has a bad length byte or padding");
	return 0;
}

/* The IV of the SM MAC: the card challenge, zero-padded to a block. */
static int challenge_iv(const unsigned char *ch, size_t chlen, size_t bs, unsigned char *iv,
                        struct err *e)
{
	if (chlen > bs)
		return err_set(e, EXIT_USAGE, "challenge of %zu bytes is longer than a block (%zu)",
		               chlen, bs);
	memset(iv, 0, bs);
	if (chlen)
		memcpy(iv, ch, chlen);
	return 0;
}

int crypto_sm_wrap(struct crypto *c, const struct sm_cmd *cmd, const struct crypto_key *mac,
                   const unsigned char *challenge, size_t chlen, const struct crypto_key *enc,
                   unsigned char *out, size_t cap, size_t *outlen, struct err *e)
{
	unsigned char body[272], iv[16], m[16];
	size_t blen = cmd->n;
	if (cmd->n > 255)
		return err_set(e, EXIT_USAGE, "secure messaging: %zu bytes of command data",
		               cmd->n);
	if (enc) {
		if (crypto_sm_encrypt(c, enc, cmd->data, cmd->n, body, sizeof body, &blen, e))
			return -1;
	} else if (cmd->n) {
		memcpy(body, cmd->data, cmd->n);
	}
	if (blen + 4 > 255)
		return err_set(e, EXIT_USAGE, "secure messaging: Lc %zu exceeds 255", blen + 4);
	size_t need = 5 + blen + 4 + (cmd->le >= 0);
	if (need > cap)
		return err_set(e, EXIT_USAGE, "secure messaging: output buffer too small");
	/* §9.3.1: the second nibble of CLA is 4 when SM applies. */
	out[0] = (unsigned char)(cmd->cla | 0x04);
	out[1] = cmd->ins;
	out[2] = cmd->p1;
	out[3] = cmd->p2;
	out[4] = (unsigned char)(blen + 4);
	memcpy(out + 5, body, blen);
	size_t mlen;
	if (challenge_iv(challenge, chlen, crypto_block_size(mac->alg), iv, e) ||
	    crypto_mac(c, mac, iv, out, 5 + blen, m, &mlen, e))
		return -1;
	memcpy(out + 5 + blen, m, 4); /* §9.3.2.2: the MAC is 4 bytes */
	if (cmd->le >= 0)
		out[5 + blen + 4] = (unsigned char)cmd->le;
	*outlen = need;
	return 0;
}

int crypto_auth_data(struct crypto *c, const struct crypto_key *k, int decrypt,
                     const unsigned char in[8], unsigned char out[8], struct err *e)
{
	size_t bs = crypto_block_size(k->alg);
	if (decrypt && bs != 8)
		return err_set(e, EXIT_USAGE,
		               "authentication data decrypted under a %s key: 8 bytes are no block",
		               crypto_alg_name(k->alg));
	unsigned char blk[16] = {0}, res[16];
	memcpy(blk, in, 8);
	int r = crypto_ecb(c, k, !decrypt, blk, bs, res, e);
	if (r == 0)
		memcpy(out, res, 8);
	crypto_wipe(res, sizeof res);
	return r ? -1 : 0;
}

int crypto_diversify(struct crypto *c, const struct crypto_key *master,
                     const unsigned char factor[8], struct crypto_key *out, struct err *e)
{
	unsigned char in[16], res[16];
	for (int i = 0; i < 8; i++) {
		in[i] = factor[i];
		in[8 + i] = (unsigned char)~factor[i];
	}
	int r;
	if (master->alg == CRYPTO_3DES) {
		/* Two ECB blocks: factor and its complement give left and right. */
		r = crypto_ecb(c, master, 1, in, 16, res, e) ||
		    crypto_key_set(out, CRYPTO_3DES, res, 16, e);
	} else if (master->alg == CRYPTO_SM4) {
		r = crypto_ecb(c, master, 1, in, 16, res, e) ||
		    crypto_key_set(out, CRYPTO_SM4, res, 16, e);
	} else {
		r = crypto_ecb(c, master, 1, in, 8, res, e) ||
		    crypto_key_set(out, CRYPTO_DES, res, 8, e);
	}
	crypto_wipe(res, sizeof res);
	return r ? -1 : 0;
}

int crypto_process_key(const struct crypto_key *k, const unsigned char *data, size_t n,
                       struct crypto_key *out, struct err *e)
{
	if (n > 8)
		return err_set(e, EXIT_USAGE,
		               "process key data of %zu bytes (appendix B: at most 8)", n);
	if (k->alg == CRYPTO_SM4 || k->len == 24)
		return err_set(e, EXIT_USAGE,
		               "appendix B process keys are defined for single- and "
		               "double-length DEA keys only");
	unsigned char d[8] = {0}, kb[16];
	memcpy(d, data, n);
	for (size_t i = 0; i < k->len; i++)
		kb[i] = k->b[i] ^ (i < 8 ? d[i] : (unsigned char)~d[i - 8]);
	int r = crypto_key_set(out, k->alg, kb, k->len, e);
	crypto_wipe(kb, sizeof kb);
	return r;
}

int crypto_session_key(struct crypto *c, const struct crypto_key *k, const unsigned char in[8],
                       struct crypto_key *out, struct err *e)
{
	if (k->alg != CRYPTO_3DES || k->len != 16)
		return err_set(e, EXIT_USAGE, "e-purse session keys need a 16-byte 3DES key");
	unsigned char res[8];
	int r = crypto_ecb(c, k, 1, in, 8, res, e) || crypto_key_set(out, CRYPTO_DES, res, 8, e);
	crypto_wipe(res, sizeof res);
	return r ? -1 : 0;
}

int crypto_tac_key(const struct crypto_key *dtk, struct crypto_key *out, struct err *e)
{
	if (dtk->alg != CRYPTO_3DES || dtk->len != 16)
		return err_set(e, EXIT_USAGE, "the TAC key (DTK) must be a 16-byte 3DES key");
	unsigned char kb[8];
	for (int i = 0; i < 8; i++)
		kb[i] = dtk->b[i] ^ dtk->b[8 + i];
	int r = crypto_key_set(out, CRYPTO_DES, kb, 8, e);
	crypto_wipe(kb, sizeof kb);
	return r;
}
