/* The key file of a station (station.keys): card keys and PINs a run may
 * use, per role / id / version. Values are secrets: they are held here,
 * handed to crypto code, and never printed; see redact.h for the filter
 * every trace line and diagnostic goes through. Format: docs/keys.md. */
#ifndef BENCH_KEYS_H
#define BENCH_KEYS_H

#include <stddef.h>

#include "crypto.h"
#include "bench/base/err.h"

enum secret_kind { SECRET_KEY, SECRET_PIN };

struct secret {
	enum secret_kind kind;
	char role[32];         /* station role the secret belongs to: "card", "sam1", ... */
	char id[64];           /* "ssse.ext_auth", "holder", ... */
	long version;          /* key version; 0 when absent (PINs) */
	char usage[24];        /* §9.4.2 key type ("purchase", "tac", ...) or "" */
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
};

/* Loads a key file. Refuses (EXIT_USAGE) one that is not a regular file or
 * whose mode grants group/others anything (mode & 077), naming the mode and
 * the fix; parse errors name file:line:col and never echo a value. */
int secrets_load(const char *path, struct secrets *s, struct err *e);
/* Wipes and frees. Safe on a zeroed struct. */
void secrets_free(struct secrets *s);

/* A key by role and id; version < 0 picks the highest version. NULL if none. */
const struct secret *secrets_key(const struct secrets *s, const char *role, const char *id,
                                 long version);
const struct secret *secrets_pin(const struct secrets *s, const char *role, const char *id);

/* The known §9.4.2 usages, for docs and validation; NULL-terminated. */
extern const char *const secret_usages[];

#endif
