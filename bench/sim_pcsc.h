/* The pcscd simulator kind's lifecycle (sim_pcsc_run.c); its schema and
 * values live in sim_pcsc.c. */
#ifndef BENCH_SIM_PCSC_H
#define BENCH_SIM_PCSC_H

#include "sim_kind.h"

int pcsc_up(const struct sim_ctx *c, struct err *e);
void pcsc_down(const struct sim_ctx *c);
int pcsc_is_up(const struct sim_ctx *c);
void pcsc_status(const struct sim_ctx *c, FILE *out);

#endif
