/* SHA-256 as lowercase hex, for the trace chain and the manifest. */
#ifndef BENCH_SHA256_H
#define BENCH_SHA256_H

#include <stddef.h>

#include "err.h"

#define SHA256_HEX 65 /* 64 hex digits + NUL */

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX]);
/* Hashes a whole file, streaming. */
int sha256_file(const char *path, char out[SHA256_HEX], struct err *e);

#endif
