/* bench/lib/crypto/crypto.c against published test vectors: SM4, SM3,
 * SHA-256, DES, ISO 9797-1 padding and MACs, key and algorithm checks. Each
 * expected value below comes from the document cited next to it, not from
 * this code. Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/base/base.h"
#include "tap.h"
#include "vectors.h"

static void test_sm4(struct crypto *c)
{
	/* GB/T 32907-2016 (SM4 block cipher), appendix A, example 1: key and
	 * plaintext 01 23 45 67 89 AB CD EF FE DC BA 98 76 54 32 10. */
	struct crypto_key k = key(CRYPTO_SM4, "0123456789ABCDEFFEDCBA9876543210");
	unsigned char p[16], ct[16], back[16];
	struct err e = {0};
	unhex("0123456789ABCDEFFEDCBA9876543210", p, sizeof p);
	tap_ok(crypto_ecb(c, &k, 1, p, 16, ct, &e) == 0, "SM4 ECB encrypt runs");
	bytes(ct, 16, "681EDF34D206965E86B3E94F536E4246", "SM4 GB/T 32907-2016 A.1 example 1");
	tap_ok(crypto_ecb(c, &k, 0, ct, 16, back, &e) == 0, "SM4 ECB decrypt runs");
	bytes(back, 16, "0123456789ABCDEFFEDCBA9876543210", "SM4 decrypt gives the plaintext back");
	tap_ok(crypto_ecb(c, &k, 1, p, 15, ct, &e) == -1 && strstr(e.msg, "16-byte blocks"),
	       "SM4 ECB refuses a partial block");
}

static void test_hashes(struct crypto *c)
{
	unsigned char h[32], in[64];
	struct err e = {0};
	/* GB/T 32905-2016 (SM3), appendix A, example 1: "abc". */
	tap_ok(crypto_sm3(c, (const unsigned char *)"abc", 3, h, &e) == 0, "SM3 runs");
	bytes(h, 32, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
	      "SM3 GB/T 32905-2016 A.1 \"abc\"");
	/* GB/T 32905-2016 appendix A, example 2: "abcd" repeated 16 times. */
	for (int i = 0; i < 64; i++)
		in[i] = (unsigned char)("abcd"[i % 4]);
	crypto_sm3(c, in, 64, h, &e);
	bytes(h, 32, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
	      "SM3 GB/T 32905-2016 A.2 \"abcd\"x16");
	/* FIPS 180-2, appendix B.1: SHA-256("abc"). */
	crypto_sha256(c, (const unsigned char *)"abc", 3, h, &e);
	bytes(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	      "SHA-256 FIPS 180-2 B.1 \"abc\"");
}

static void test_des(struct crypto *c)
{
	/* FIPS 81 (DES modes of operation), appendix B table B1 (ECB) and
	 * appendix C table C1 (CBC): key 0123456789abcdef, "Now is the time
	 * for all ", CBC IV 1234567890abcdef. */
	static const char now[] = "Now is the time for all ";
	struct crypto_key k = key(CRYPTO_DES, "0123456789abcdef");
	unsigned char ct[24], iv[8], mac[8];
	struct err e = {0};
	tap_ok(crypto_ecb(c, &k, 1, (const unsigned char *)now, 24, ct, &e) == 0, "DES ECB runs");
	bytes(ct, 24, "3fa40e8a984d4815 6a271787ab8883f9 893d51ec4b563b53",
	      "DES ECB FIPS 81 table B1");
	/* CBC-MAC is the last CBC ciphertext block: table C1's last block. */
	unhex("1234567890abcdef", iv, 8);
	tap_ok(crypto_cbc_mac(c, &k, iv, (const unsigned char *)now, 24, mac, &e) == 0,
	       "DES CBC-MAC runs");
	bytes(mac, 8, "683788499a7c05f6", "DES CBC-MAC = last block of FIPS 81 table C1");
	/* FIPS 113 (Computer Data Authentication) appendix / ANSI X9.9: key
	 * 0123456789abcdef, "7654321 Now is the time for " zero-padded (ISO
	 * 9797-1 padding method 1), MAC algorithm 1 = F1D30F68 49312CA4. */
	unsigned char d[32] = "7654321 Now is the time for ";
	crypto_cbc_mac(c, &k, NULL, d, 32, mac, &e);
	bytes(mac, 8, "f1d30f6849312ca4", "DES MAC alg 1 FIPS 113 / ANSI X9.9 example");
}

static void test_pad2(void)
{
	/* ISO/IEC 9797-1 padding method 2: a 1 bit then 0 bits; a full block
	 * is added when the data is already aligned. */
	unsigned char out[32];
	size_t n = crypto_pad2((const unsigned char *)"", 0, 8, out, sizeof out);
	bytes(out, n, "8000000000000000", "pad2 of empty data is one block 80 00..");
	unsigned char eight[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	n = crypto_pad2(eight, 8, 8, out, sizeof out);
	bytes(out, n, "0102030405060708 8000000000000000", "pad2 of a full block adds a block");
	n = crypto_pad2(eight, 3, 16, out, sizeof out);
	bytes(out, n, "010203800000000000000000 00000000", "pad2 to 16-byte blocks (SM4)");
	tap_ok(crypto_pad2(eight, 8, 8, out, 15) == 0, "pad2 reports a too-small buffer");
}

static void test_retail_mac(struct crypto *c)
{
	/* ICAO Doc 9303 part 11, appendix D.3 (BAC worked example): MAC
	 * algorithm 3, padding method 2, 2-key 3DES, zero IV. */
	struct crypto_key k = key(CRYPTO_3DES, "7962D9ECE03D1ACD4C76089DCE131543");
	unsigned char d[64], mac[8];
	struct err e = {0};
	size_t n =
	    unhex("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2", d, sizeof d);
	tap_ok(crypto_mac3(c, &k, NULL, d, n, mac, &e) == 0, "retail MAC runs");
	bytes(mac, 8, "5F1448EEA8AD90A7", "retail MAC ICAO 9303-11 D.3 M_IFD");
	n = unhex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F", d, sizeof d);
	crypto_mac3(c, &k, NULL, d, n, mac, &e);
	bytes(mac, 8, "2F2D235D074D7449", "retail MAC ICAO 9303-11 D.3 M_IC");
	struct crypto_key des = key(CRYPTO_DES, "0123456789abcdef");
	tap_ok(crypto_mac3(c, &des, NULL, d, n, mac, &e) == -1 && strstr(e.msg, "16-byte"),
	       "retail MAC refuses a single DES key");
}

static void test_keys(void)
{
	struct crypto_key k;
	unsigned char b[24] = {0};
	struct err e = {0};
	tap_ok(crypto_key_set(&k, CRYPTO_DES, b, 16, &e) == -1 && strstr(e.msg, "DES needs 8"),
	       "a 16-byte DES key is refused");
	tap_ok(crypto_key_set(&k, CRYPTO_SM4, b, 24, &e) == -1, "a 24-byte SM4 key is refused");
	enum crypto_alg a;
	tap_ok(crypto_alg_parse("sm4", &a) == 0 && a == CRYPTO_SM4, "alg name sm4");
	tap_ok(crypto_alg_parse("aes", &a) == -1, "alg name aes is unknown");
}

int main(void)
{
	struct err e = {0};
	struct crypto *c = crypto_new(&e);
	if (!c) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	test_sm4(c);
	test_hashes(c);
	test_des(c);
	test_pad2();
	test_retail_mac(c);
	test_keys();
	crypto_free(c);
	return tap_done();
}
