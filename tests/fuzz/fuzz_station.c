/* Station file loader (bench/base/station.c: ynode + schema, then
 * station_open in bench/station_open.c: driver options and their values +
 * sim section): a hand-edited file either loads or fails naming file:line,
 * whatever its nesting, with nothing leaked either way (ASan's leak check
 * runs at exit). */
#include <string.h>

#include "bench/base/base.h"
#include "bench/cli.h"
#include "fuzz.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memfile m;
	if (memfile_open(&m, data, size) < 0)
		return 0;
	struct station st;
	struct err e = {0};
	if (station_open(m.path, &st, &e) == 0) {
		FUZZ_CHECK(st.dut.maker && st.dut.model && st.dut.serial && st.dut.firmware);
		for (size_t i = 0; i < st.nroles; i++) {
			FUZZ_CHECK(st.roles[i].driver && st.roles[i].name);
			FUZZ_CHECK(!st.roles[i].sim || st.simulated); /* never on a real station */
		}
		station_free(&st);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0');
	}
	memfile_close(&m);
	return 0;
}
