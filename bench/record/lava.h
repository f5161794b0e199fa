/* LAVA test-shell signals, printed to stdout next to the TAP stream when the
 * run is inside a LAVA job (or --lava). They are written as TAP comments
 * ("    # <LAVA_SIGNAL_...>"): TAP 14 allows "anything else" lines but a
 * strict parser rejects them, while a comment is valid everywhere; LAVA's
 * test shell matches the signal anywhere in a console line. results.tap
 * does not get them. */
#ifndef BENCH_LAVA_H
#define BENCH_LAVA_H

#include <stdio.h>

struct jrec;

/* 1 when LAVA signals are wanted without --lava: BENCH_LAVA=1, or the
 * LAVA test shell's environment (LAVA_RESULT_DIR / LAVA_SIGNAL). */
int lava_from_env(void);
void lava_set_start(FILE *f, const char *suite);
void lava_set_stop(FILE *f);
/* STARTTC/ENDTC and TESTCASE for the point, one TESTCASE per measurement. */
void lava_point(FILE *f, const struct jrec *j);

#endif
