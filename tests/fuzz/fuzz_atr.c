/* ATR parser (bench/lib/card/atr.c): any byte string either parses into fields that
 * stay inside the ATR or fails with a message, never more. */
#include <string.h>

#include "bench/lib/card/card.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct atr a;
	struct err e = {0};
	if (atr_parse(data, size, &a, &e) < 0) {
		FUZZ_CHECK(e.msg[0] != '\0');
		FUZZ_CHECK(memchr(e.msg, '\0', sizeof e.msg) != NULL);
		return 0;
	}
	FUZZ_CHECK(a.len == size && a.len <= ATR_MAX);
	FUZZ_CHECK(a.hist_off <= a.len && a.hist_len <= a.len - a.hist_off);
	FUZZ_CHECK(a.levels >= 0 && a.levels <= ATR_LEVELS);
	FUZZ_CHECK(a.hist_len == (size_t)(a.t0 & 0x0F));
	if (a.ta[0] >= 0) {
		atr_fi(a.ta[0]);
		atr_di(a.ta[0]);
	}
	return 0;
}
