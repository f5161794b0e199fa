/* Loaders that take a path (station, answers, PNG) are fuzzed through an
 * in-memory file: no disk writes per input, and parallel runs never share
 * a file. */
#ifndef FUZZ_MEMFILE_H
#define FUZZ_MEMFILE_H

#include <stddef.h>
#include <stdint.h>

struct memfile {
	int fd;
	char path[64]; /* /proc/self/fd/N */
};

/* Creates the file holding data[0..n); 0 ok, -1 failed (errno set). */
int memfile_open(struct memfile *m, const uint8_t *data, size_t n);
void memfile_close(struct memfile *m);

#endif
