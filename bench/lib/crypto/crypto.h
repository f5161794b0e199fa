#ifndef BENCH_LIB_CRYPTO_H
#define BENCH_LIB_CRYPTO_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/base/base.h"

/* Card cryptography over OpenSSL 3: the block ciphers, MACs and key
 * derivations of GF 61/T PT002-2014 §9.3/§9.4/appendix B and the PBOC
 * e-purse (§11.8). No Lua here: the simulated card links this file alone.
 *
 * DES lives in OpenSSL's legacy provider; rather than loading it into the
 * process-wide default library context, struct crypto owns a private
 * OSSL_LIB_CTX with the legacy and default providers. One per user (the
 * runner, the simulated card); not shared between threads. */
enum crypto_alg { CRYPTO_DES, CRYPTO_3DES, CRYPTO_SM4 };

/* A key and the cipher it belongs to: DES 8 bytes, 3DES 16 (K1 K2 K1) or
 * 24 bytes, SM4 16 bytes. */
struct crypto_key {
	enum crypto_alg alg;
	size_t len;
	unsigned char b[24];
};

struct crypto;

struct crypto *crypto_new(struct err *e);
void crypto_free(struct crypto *c);

/* "des", "3des", "sm4" <-> enum; parse returns -1 for anything else. */
const char *crypto_alg_name(enum crypto_alg alg);
int crypto_alg_parse(const char *s, enum crypto_alg *out);
size_t crypto_block_size(enum crypto_alg alg); /* 8 or 16 */
/* Fills k from raw bytes; fails when len does not fit alg. */
int crypto_key_set(struct crypto_key *k, enum crypto_alg alg, const unsigned char *b, size_t len,
                   struct err *e);
/* Wipes key material (OPENSSL_cleanse: not optimised away). */
void crypto_wipe(void *p, size_t n);

/* ECB over n bytes, n a multiple of the block size. */
int crypto_ecb(struct crypto *c, const struct crypto_key *k, int encrypt, const unsigned char *in,
               size_t n, unsigned char *out, struct err *e);

/* ISO/IEC 9797-1 padding method 2: append 80, then 00 up to a multiple of
 * block. Always adds at least one byte. Returns the padded length, or 0 when
 * cap is too small. */
size_t crypto_pad2(const unsigned char *in, size_t n, size_t block, unsigned char *out, size_t cap);

/* Plain CBC-MAC (no padding): n a multiple of the block size; out gets one
 * block. The building block of the MACs below. */
int crypto_cbc_mac(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                   const unsigned char *data, size_t n, unsigned char *out, struct err *e);

/* ISO/IEC 9797-1 MAC algorithm 1 with a DES key and padding method 2: 8-byte
 * result. iv: 8 bytes (NULL = zeros). */
int crypto_mac1(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                const unsigned char *data, size_t n, unsigned char out[8], struct err *e);
/* MAC algorithm 3 ("retail MAC", ANSI X9.19) with a 16-byte 3DES key and
 * padding method 2: CBC with K1, then the last block D(K2) and E(K1). */
int crypto_mac3(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                const unsigned char *data, size_t n, unsigned char out[8], struct err *e);
/* SM4 CBC-MAC with padding method 2 and 16-byte blocks; iv 16 bytes. */
int crypto_sm4_mac(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
                   const unsigned char *data, size_t n, unsigned char out[16], struct err *e);
/* The MAC a key's algorithm implies: DES -> alg 1, 3DES -> alg 3, SM4 ->
 * SM4 MAC. iv has the key's block size (NULL = zeros). Sets *outlen. */
int crypto_mac(struct crypto *c, const struct crypto_key *k, const unsigned char *iv,
               const unsigned char *data, size_t n, unsigned char out[16], size_t *outlen,
               struct err *e);

int crypto_sm3(struct crypto *c, const unsigned char *data, size_t n, unsigned char out[32],
               struct err *e);
int crypto_sha256(struct crypto *c, const unsigned char *data, size_t n, unsigned char out[32],
                  struct err *e);

/* §9.3.3.2 data block: LD (length of the clear data) || data, then 80 00..
 * only when that is not already a multiple of the block, encrypted in ECB.
 * n <= 255. */
int crypto_sm_encrypt(struct crypto *c, const struct crypto_key *k, const unsigned char *data,
                      size_t n, unsigned char *out, size_t cap, size_t *outlen, struct err *e);
/* The reverse: checks LD and the padding, returns the clear data. */
int crypto_sm_decrypt(struct crypto *c, const struct crypto_key *k, const unsigned char *in,
                      size_t n, unsigned char *out, size_t cap, size_t *outlen, struct err *e);

/* A command to send with secure messaging (§9.3.2.3 cases 1-4). */
struct sm_cmd {
	unsigned char cla, ins, p1, p2;
	const unsigned char *data; /* clear command data, or NULL */
	size_t n;
	int le; /* expected length 0..255 (256 as 0), or -1 for none */
};

/* Builds the secure-messaging APDU: CLA with bit 3 set ("x4"), INS P1 P2,
 * Lc = data + 4, data (encrypted per §9.3.3.2 when enc is non-NULL), the
 * 4-byte MAC, Le. The MAC covers CLA' INS P1 P2 Lc data, padding method 2,
 * with the card challenge as IV (zero-padded to the block; 4 or 8 bytes
 * from GET CHALLENGE) and mac's algorithm (see crypto_mac). */
int crypto_sm_wrap(struct crypto *c, const struct sm_cmd *cmd, const struct crypto_key *mac,
                   const unsigned char *challenge, size_t chlen, const struct crypto_key *enc,
                   unsigned char *out, size_t cap, size_t *outlen, struct err *e);

/* GF 61/T §9.6: authentication data (EXTERNAL/INTERNAL AUTHENTICATE) are
 * 8 bytes (§9.6.1), the input encrypted under the key (§9.6.3). A DEA key
 * gives E(K, in); an SM4 key, whose block is 16 bytes, the leftmost 8 of
 * E(K, in || 00 x 8), as a MAC keeps the leftmost bytes. decrypt: D(K, in)
 * instead (type 1A), DEA keys only. */
int crypto_auth_data(struct crypto *c, const struct crypto_key *k, int decrypt,
                     const unsigned char in[8], unsigned char out[8], struct err *e);

/* Key diversification: 3DES master -> 16-byte key, left = E(K, factor),
 * right = E(K, ~factor) (factor 8 bytes); SM4 master -> 16-byte key
 * E(K, factor || ~factor); DES master -> E(K, factor). out gets the
 * master's algorithm. */
int crypto_diversify(struct crypto *c, const struct crypto_key *master,
                     const unsigned char factor[8], struct crypto_key *out, struct err *e);

/* Appendix B process keys: A = KA xor D, B = KB xor ~D, where D is the data
 * (e.g. the transaction counter) right-padded with 00 to 8 bytes and ~D its
 * bitwise complement. DES key -> B.1 (A only), 16-byte 3DES -> B.2. */
int crypto_process_key(const struct crypto_key *k, const unsigned char *data, size_t n,
                       struct crypto_key *out, struct err *e);

/* PBOC e-purse (§11.8 -> JR/T 0025 e-purse): session keys are the 3DES
 * ECB of an 8-byte input under the 16-byte purchase/load key; the result
 * is a single DES key. */
int crypto_session_key(struct crypto *c, const struct crypto_key *k, const unsigned char in[8],
                       struct crypto_key *out, struct err *e);
/* TAC key: DTK left half xor right half (single DES). */
int crypto_tac_key(const struct crypto_key *dtk, struct crypto_key *out, struct err *e);

enum purse_kind { PURSE_PURCHASE, PURSE_LOAD };

/* One e-purse transaction: what the card and terminal exchange. */
struct purse_txn {
	enum purse_kind kind;
	uint32_t amount;           /* transaction amount (fen) */
	uint32_t balance;          /* load: balance before; for TAC: after */
	unsigned char type;        /* transaction type: 01 load ED, 02 load EP, 06 purchase ... */
	unsigned char terminal[6]; /* terminal id */
	unsigned char random[4];   /* card's pseudo-random number */
	uint16_t counter;          /* purchase: offline counter; load: online counter */
	uint32_t term_seq;         /* purchase: terminal transaction serial number */
	unsigned char date[4];     /* YYYYMMDD BCD */
	unsigned char time[3];     /* hhmmss BCD */
};

/* Inputs of the session key (8 bytes), MAC1, MAC2 and TAC. Each returns the
 * length written into out (cap >= 32). Purchase: session = random || counter
 * || term_seq rightmost 2; MAC1 = amount || type || terminal || date || time;
 * MAC2 = amount; TAC = amount || type || terminal || term_seq || date ||
 * time. Load: session = random || counter || 8000; MAC1 = balance(before) ||
 * amount || type || terminal; MAC2 = amount || type || terminal || date ||
 * time; TAC = balance(after) || counter || amount || type || terminal ||
 * date || time. */
size_t purse_session_input(const struct purse_txn *t, unsigned char *out);
size_t purse_mac1_input(const struct purse_txn *t, unsigned char *out);
size_t purse_mac2_input(const struct purse_txn *t, unsigned char *out);
size_t purse_tac_input(const struct purse_txn *t, unsigned char *out);

/* The key file of a station (station.keys): card keys and PINs a run may
 * use, per role / id / version. Values are secrets: they are held here,
 * handed to crypto code, and never printed; see redact() below for the
 * filter every output goes through. Format: docs/keys.md. */
enum secret_kind { SECRET_KEY, SECRET_PIN };

struct secret {
	enum secret_kind kind;
	char role[32];         /* station role the secret belongs to: "card", "sam1", ... */
	char id[64];           /* "ssse.ext_auth", "holder", ... */
	long version;          /* key version; 0 when absent (PINs) */
	char usage[24];        /* §9.4.2 key type ("purchase", "tac", ...) or "" */
	int derive;            /* a derivation key (secret_derives(usage)): derives only */
	struct crypto_key key; /* SECRET_KEY */
	char pin[13];          /* SECRET_PIN: 4..12 decimal digits */
	char label[112];       /* what is printed instead: "<key:card/ssse.ext_auth>" */
	int line;              /* where it was defined, for messages */
};

struct secrets {
	char path[4096];
	struct secret *v;
	size_t n;
	/* 2^16 bits: the first 4 hex digits of every form of every secret, so
	 * redaction skips at once the text no secret can start at (redact.c);
	 * NULL: every position is checked in full. */
	unsigned char *starts;
	/* Held for reading by every redaction, for writing by secrets_temp_pin:
	 * trace lines are redacted on device threads while a suite adds a PIN.
	 * NULL (a zeroed struct): no locking. */
	pthread_rwlock_t *lock;
};

/* Loads a key file. Refuses (EXIT_USAGE) one that is not a regular file or
 * whose mode grants group/others anything (mode & 077), naming the mode and
 * the fix; parse errors name file:line:col and never echo a value. */
int secrets_load(const char *path, struct secrets *s, struct err *e);
/* Wipes and frees. Safe on a zeroed struct. */
void secrets_free(struct secrets *s);

/* A key by role and id; version < 0 picks the highest version. NULL if none.
 * The pointers these return are valid until the next secrets_temp_pin;
 * lookups and temporary PINs belong to one thread (the run's Lua thread). */
const struct secret *secrets_key(const struct secrets *s, const char *role, const char *id,
                                 long version);
const struct secret *secrets_pin(const struct secrets *s, const char *role, const char *id);
/* The next PIN from index *at on with fewer than min digits, or NULL; *at
 * moves past it. Redaction replaces every run of a PIN's digits wherever
 * it appears, so a short PIN also blanks numbers that only look like it
 * (docs/keys.md "Redaction"): the run warns about each one it loads. */
const struct secret *secrets_short_pin(const struct secrets *s, size_t min, size_t *at);

/* The known §9.4.2 usages, for docs and validation; NULL-terminated. */
extern const char *const secret_usages[];

/* Non-zero for the usages of derivation keys: purchase, load, unload,
 * overdraft, tac (the e-purse keys session and TAC keys come from) and
 * derive (a master key that diversifies). Such a key only derives; every
 * other key only encrypts, decrypts and MACs, so no ciphertext of a key can
 * ever equal a key derived from it (docs/keys.md "Derivation keys"). */
int secret_derives(const char *usage);

/* The run's temporary PIN for PIN role/id (for a suite that changes the
 * card's PIN and back): len random decimal digits (0: as many as the PIN
 * has; 4..12), never the PIN itself, with id "ID/temp" and label "<pin:ROLE/ID/temp>". Added to
 * s under its write lock, so from then on it is redacted like the key
 * file's PINs; the same role/id gives the same PIN for the rest of the run.
 * NULL (e set) when there is no such PIN or no randomness. */
const struct secret *secrets_temp_pin(struct secrets *s, const char *role, const char *id,
                                      size_t len, struct err *e);
/* A near-miss of PIN role/id (pin_variant: a digit more, less or off) as a
 * PIN of its own, role/<id>~<kind>, redacted like the PIN it comes from. */
const struct secret *secrets_variant_pin(struct secrets *s, const char *role, const char *id,
                                         const char *kind, const char *digits, struct err *e);

/* The redaction filter: replaces every occurrence of a loaded key or PIN in
 * a piece of text by its label (<key:ROLE/ID>, <pin:ROLE/ID>).
 *
 * Where it must be applied (by whoever writes the text): every line written
 * to trace.log (request and answer), every TAP diagnostic value (got,
 * expected, notes, Lua error messages and tracebacks), bench.log output,
 * measurements.csv fields, junit.xml and report.html text, and stderr
 * progress. Apply it before escaping for XML/HTML/YAML: escaping could split
 * a hex string the filter would otherwise see whole.
 *
 * What it matches: a key's bytes as hex in either case, with any run of
 * separators between digits: space, tab, ':', '-', '.', '_' and the escaped
 * tab "\t" of YAML/JSON ("0123 45:67-89.AB_CD..."); for 16- and 24-byte keys
 * also each 8-byte part on its own, so half a 3DES key never leaks; a PIN
 * as its digits (plain or BCD-spaced) and as the hex of its ASCII digits
 * ("313233343536"), with the same separators ("4829-1607-3518"). It is
 * deliberately over-eager: a PIN's digits are replaced wherever they occur,
 * "12.34" included when the PIN is 1234. */
/* Writes the redacted text into out (always NUL-terminated when cap > 0;
 * truncated to cap-1 if needed, never with a secret's digits in it).
 * Returns the length the full result has (like snprintf). s may be NULL or
 * empty: the text is copied. */
size_t redact(const struct secrets *s, const char *in, char *out, size_t cap);

/* The upper-case hex of n bytes, redacted: what redact() makes of that hex
 * text (hex_encode), without the text. The filter looks at the bytes (two
 * 4-digit keys a byte) and reads the text's digits only where a secret may
 * start. Same out, cap and return as redact(). */
size_t redact_hex(const struct secrets *s, const unsigned char *b, size_t n, char *out, size_t cap);

/* The same into a new malloc'd string (NULL on out of memory). */
char *redact_dup(const struct secrets *s, const char *in);

/* The same for n bytes that may hold NULs (a Lua string, a checkpoint):
 * each piece between NULs is redacted, the NULs are kept. in[n] must be
 * '\0', as it is in Lua strings. Sets *outn; NULL on out of memory. */
char *redact_mem(const struct secrets *s, const char *in, size_t n, size_t *outn);

/* (Re)builds s->starts (secrets_load and secrets_temp_pin call it): 2^16
 * bits for the first 4 hex digits of every form, then 2^12 bits for their
 * first 3 (REDACT_FIRST3). -1: out of memory. */
#define REDACT_FIRST3       (65536 / 8)
#define REDACT_STARTS_BYTES (REDACT_FIRST3 + 4096 / 8)
int redact_index(struct secrets *s);

/* Non-zero if the text holds any secret (for tests and a last check). */
int redact_found(const struct secrets *s, const char *in);

#endif
