/* manifest.json: the SHA-256 of every file of a run directory; manifest.sig:
 * the lab's signature over manifest.json's exact bytes, with the public key
 * (base64 DER) so `bench verify` can check it and print its fingerprint. */
#ifndef BENCH_MANIFEST_H
#define BENCH_MANIFEST_H

#include "bench/base/err.h"

/* The files a manifest covers, in this order, when present. */
extern const char *const manifest_files[];

/* lab_key: PEM private key (Ed25519 recommended; RSA/EC with SHA-256), or NULL. */
int manifest_write(const char *dir, const char *run_id, const char *lab_key, struct err *e);

/* Checks manifest.sig over manifest.json. pin: PEM public key the signer
 * must have, or NULL. Fills fpr with the signer key's SHA-256 fingerprint.
 * Returns 0 valid, 1 no signature, -1 invalid (e says why). */
int manifest_check_sig(const char *dir, const char *pin, char fpr[65], struct err *e);

#endif
