#include "base.h"

#ifndef BENCH_COMMIT
#define BENCH_COMMIT "unknown"
#endif

const char *bench_commit(void)
{
	return BENCH_COMMIT;
}
