/* bench/lib/crypto/purse.c: the PBOC e-purse transaction inputs, with the
 * session key, MAC1/MAC2 and TAC key of smsg.c and crypto.c, against worked
 * examples published for purchase and load. Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/base/base.h"
#include "tap.h"
#include "vectors.h"

/* Worked PBOC e-purse examples, published in "基于PBOC电子钱包的消费过程详解"
 * (cnblogs.com/ttss/p/4280430.html, purchase) and "基于PBOC的电子钱包的圈存过程"
 * (load): key 11223344556677888877665544332211, random 11223344, counter
 * 0000, terminal 001122334455, amount 00001000. */
static void test_purse(struct crypto *c)
{
	struct crypto_key k = key(CRYPTO_3DES, "11223344556677888877665544332211"), ses;
	struct purse_txn t = {
	    .kind = PURSE_PURCHASE, .amount = 0x1000, .type = 0x06, .counter = 0, .term_seq = 1};
	unhex("11223344", t.random, 4);
	unhex("001122334455", t.terminal, 6);
	unhex("20120229", t.date, 4);
	unhex("135100", t.time, 3);
	unsigned char in[32], mac[8];
	struct err e = {0};
	size_t n = purse_session_input(&t, in);
	bytes(in, n, "1122334400000001", "purchase session input: random || counter || seq");
	tap_ok(crypto_session_key(c, &k, in, &ses, &e) == 0, "purchase session key runs");
	bytes(ses.b, ses.len, "003238ABC57659DD", "purchase session key (published example)");
	n = purse_mac1_input(&t, in);
	crypto_mac1(c, &ses, NULL, in, n, mac, &e);
	bytes(mac, 4, "F15CAB75", "purchase MAC1 (published example)");
	n = purse_mac2_input(&t, in);
	crypto_mac1(c, &ses, NULL, in, n, mac, &e);
	bytes(mac, 4, "56988A13", "purchase MAC2 (published example)");
	n = purse_tac_input(&t, in);
	bytes(in, n, "00001000 06 001122334455 00000001 20120229 135100",
	      "purchase TAC input layout (PBOC e-purse)");

	t = (struct purse_txn){.kind = PURSE_LOAD, .amount = 0x1000, .balance = 0, .type = 0x01};
	unhex("11223344", t.random, 4);
	unhex("001122334455", t.terminal, 6);
	unhex("20111221", t.date, 4);
	unhex("214822", t.time, 3);
	n = purse_session_input(&t, in);
	bytes(in, n, "1122334400008000", "load session input: random || counter || 8000");
	crypto_session_key(c, &k, in, &ses, &e);
	bytes(ses.b, ses.len, "9B1D924E05595603", "load session key (published example)");
	n = purse_mac1_input(&t, in);
	crypto_mac1(c, &ses, NULL, in, n, mac, &e);
	bytes(mac, 4, "2988AE5A", "load MAC1 (published example)");
	n = purse_mac2_input(&t, in);
	crypto_mac1(c, &ses, NULL, in, n, mac, &e);
	bytes(mac, 4, "3A845BF0", "load MAC2 (published example)");
	struct crypto_key tk;
	struct crypto_key dtk = key(CRYPTO_3DES, "0011223344556677 8899AABBCCDDEEFF");
	tap_ok(crypto_tac_key(&dtk, &tk, &e) == 0, "TAC key derivation runs");
	bytes(tk.b, tk.len, "8888888888888888", "TAC key = DTK left xor right");
}

int main(void)
{
	struct err e = {0};
	struct crypto *c = crypto_new(&e);
	if (!c) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	test_purse(c);
	crypto_free(c);
	return tap_done();
}
