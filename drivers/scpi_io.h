/* A line-oriented SCPI session over TCP (raw socket, port 5025 by
 * convention), apart from Lua so it can be tested against the simulated AC
 * source. Every connect, write and read has the session's timeout. */
#ifndef DRIVERS_SCPI_IO_H
#define DRIVERS_SCPI_IO_H

#include <stddef.h>

#include "bench/base/base.h"

struct scpi {
	int fd;
	int timeout_ms;
	char desc[128];
	char buf[512]; /* bytes read past the last line */
	size_t have;
};

int scpi_open(struct scpi *s, const char *host, int port, int timeout_ms, struct err *e);
void scpi_close(struct scpi *s);
/* Sends one command line (no answer expected). */
int scpi_send(struct scpi *s, const char *cmd, struct err *e);
/* Sends a query and reads its one-line answer (without the newline). */
int scpi_query(struct scpi *s, const char *q, char *ans, size_t len, struct err *e);
/* Sends cmd, then SYST:ERR?; an answer other than "0,..." is the error. */
int scpi_command(struct scpi *s, const char *cmd, struct err *e);

#endif
