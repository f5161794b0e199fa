/* bench/lib/crypto/smsg.c: key diversification, process keys and secure
 * messaging (encrypt, decrypt, wrap). No published vector exists for these:
 * each construction is checked against the primitives of crypto.c computed
 * separately (tests/unit/test_crypto.c checks those against published
 * vectors). Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/base/base.h"
#include "tap.h"
#include "vectors.h"

/* No published vector: the construction is checked against ECB computed
 * separately (itself checked in test_crypto.c through the 3DES retail MAC). */
static void test_diversify(struct crypto *c)
{
	struct crypto_key m = key(CRYPTO_3DES, "11223344556677888877665544332211"), sub;
	unsigned char f[8], nf[8], l[8], r[8];
	struct err e = {0};
	unhex("0102030405060708", f, 8);
	for (int i = 0; i < 8; i++)
		nf[i] = (unsigned char)~f[i];
	tap_ok(crypto_diversify(c, &m, f, &sub, &e) == 0, "3DES diversification runs");
	crypto_ecb(c, &m, 1, f, 8, l, &e);
	crypto_ecb(c, &m, 1, nf, 8, r, &e);
	tap_ok(sub.alg == CRYPTO_3DES && sub.len == 16 && !memcmp(sub.b, l, 8) &&
	           !memcmp(sub.b + 8, r, 8),
	       "diversified key = E(K, factor) || E(K, ~factor)");
	struct crypto_key s4 = key(CRYPTO_SM4, "0123456789ABCDEFFEDCBA9876543210");
	tap_ok(crypto_diversify(c, &s4, f, &sub, &e) == 0 && sub.alg == CRYPTO_SM4 && sub.len == 16,
	       "SM4 diversification gives a 16-byte SM4 key");
}

static void test_process_key(void)
{
	/* Appendix B.2: A = KA xor (D || 00..), B = KB xor ~(D || 00..). */
	struct crypto_key k = key(CRYPTO_3DES, "0000000000000000 FFFFFFFFFFFFFFFF"), p;
	unsigned char atc[2] = {0x12, 0x34};
	struct err e = {0};
	tap_ok(crypto_process_key(&k, atc, 2, &p, &e) == 0, "process key B.2 runs");
	bytes(p.b, p.len, "1234000000000000 1234000000000000", "process key B.2 by hand");
	struct crypto_key d = key(CRYPTO_DES, "0101010101010101");
	crypto_process_key(&d, atc, 2, &p, &e);
	bytes(p.b, p.len, "1335010101010101", "process key B.1 by hand");
	unsigned char nine[9] = {0};
	tap_ok(crypto_process_key(&k, nine, 9, &p, &e) == -1, "process key refuses 9-byte data");
}

static void test_sm(struct crypto *c)
{
	struct crypto_key enc = key(CRYPTO_3DES, "7962D9ECE03D1ACD4C76089DCE131543");
	unsigned char out[64], clear[64], blk[16];
	size_t n, m;
	struct err e = {0};
	/* §9.3.3.2: 7 bytes + LD = 8: aligned, so no padding is added. */
	tap_ok(crypto_sm_encrypt(c, &enc, (const unsigned char *)"1234567", 7, out, sizeof out, &n,
	                         &e) == 0 &&
	           n == 8,
	       "SM encrypt: LD + 7 bytes is one block, no padding");
	memcpy(blk,
	       "\x07"
	       "1234567",
	       8);
	unsigned char want[8];
	crypto_ecb(c, &enc, 1, blk, 8, want, &e);
	tap_ok(!memcmp(out, want, 8), "SM encrypt block is E(LD || data)");
	tap_ok(crypto_sm_encrypt(c, &enc, (const unsigned char *)"12", 2, out, sizeof out, &n,
	                         &e) == 0 &&
	           n == 8,
	       "SM encrypt: LD + 2 bytes padded to 8");
	tap_ok(crypto_sm_decrypt(c, &enc, out, n, clear, sizeof clear, &m, &e) == 0 && m == 2 &&
	           !memcmp(clear, "12", 2),
	       "SM decrypt gives the data back");
	out[0] ^= 1;
	tap_ok(crypto_sm_decrypt(c, &enc, out, n, clear, sizeof clear, &m, &e) == -1,
	       "SM decrypt rejects a corrupted block");

	/* The wrapped APDU: CLA 04, Lc = data + 4, MAC = retail MAC over the
	 * header and data with the zero-padded challenge as IV. */
	unsigned char data[3] = {0xAA, 0xBB, 0xCC}, ch[4] = {1, 2, 3, 4}, iv[8] = {1, 2, 3, 4};
	struct sm_cmd cmd = {0x00, 0xD6, 0x81, 0x00, data, 3, -1};
	tap_ok(crypto_sm_wrap(c, &cmd, &enc, ch, 4, NULL, out, sizeof out, &n, &e) == 0,
	       "SM wrap runs");
	unsigned char hdr[8] = {0x04, 0xD6, 0x81, 0x00, 0x07, 0xAA, 0xBB, 0xCC}, mac[8];
	crypto_mac3(c, &enc, iv, hdr, 8, mac, &e);
	tap_ok(n == 12 && !memcmp(out, hdr, 8) && !memcmp(out + 8, mac, 4),
	       "SM wrap = 04 D6 81 00 07 data MAC(challenge IV)");
	cmd.le = 0;
	crypto_sm_wrap(c, &cmd, &enc, ch, 4, &enc, out, sizeof out, &n, &e);
	tap_ok(n == 5 + 8 + 4 + 1 && out[4] == 12 && out[n - 1] == 0,
	       "SM wrap with encryption and Le");
	tap_ok(crypto_sm_wrap(c, &cmd, &enc, out, 9, NULL, out, sizeof out, &n, &e) == -1,
	       "SM wrap refuses a challenge longer than a block");
}

/* §9.6 authentication data: 8 bytes. The SM4 value is OpenSSL's command
 * line `enc -sm4-ecb -nopad` of the zero-padded block, computed apart. */
static void test_auth_data(struct crypto *c)
{
	struct crypto_key t = key(CRYPTO_3DES, "11223344556677888877665544332211");
	struct crypto_key s4 = key(CRYPTO_SM4, "0123456789ABCDEFFEDCBA9876543210");
	unsigned char in[8], out[8], want[8];
	struct err e = {0};
	unhex("0123456789ABCDEF", in, 8);
	crypto_ecb(c, &t, 1, in, 8, want, &e);
	tap_ok(crypto_auth_data(c, &t, 0, in, out, &e) == 0 && !memcmp(out, want, 8),
	       "3DES authentication data = E(K, challenge)");
	crypto_ecb(c, &t, 0, in, 8, want, &e);
	tap_ok(crypto_auth_data(c, &t, 1, in, out, &e) == 0 && !memcmp(out, want, 8),
	       "... decrypting (key type 1A) = D(K, data)");
	unhex("D7D908A5C1EA76C3", want, 8);
	tap_ok(crypto_auth_data(c, &s4, 0, in, out, &e) == 0 && !memcmp(out, want, 8),
	       "SM4 authentication data = the leftmost 8 bytes of E(K, challenge || 00 x 8)");
	tap_ok(crypto_auth_data(c, &s4, 1, in, out, &e) == -1 && strstr(e.msg, "sm4"),
	       "SM4 cannot decrypt 8 bytes: an error naming the algorithm");
}

int main(void)
{
	struct err e = {0};
	struct crypto *c = crypto_new(&e);
	if (!c) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	test_diversify(c);
	test_process_key();
	test_sm(c);
	test_auth_data(c);
	crypto_free(c);
	return tap_done();
}
