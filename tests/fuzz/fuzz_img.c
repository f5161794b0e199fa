/* Scan image loader (bench/lib/printer/img.c) and what is computed from a scan
 * (bench/lib/printer/register.c, readback.c): a corrupt or absurd PNG is an error, never a
 * crash or a number from garbage. */
#include "bench/lib/printer/printer.h"
#include "fuzz.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memfile m;
	if (memfile_open(&m, data, size) < 0)
		return 0;
	struct img im = {0};
	struct err e = {0};
	if (img_load_png(m.path, &im, &e) == 0) {
		FUZZ_CHECK(im.w > 0 && im.h > 0 && im.px);
		img_sample(&im, im.w / 2.0, im.h / 2.0, 0);
		/* Registration on small images only: it is linear in pixels and
		 * big ones would only slow the fuzzer down. */
		if ((long)im.w * im.h <= 1 << 18) {
			struct reg_result r;
			struct reg_lines ln;
			if (reg_measure(&im, 300, &r, &e) == 0)
				reg_lines(&im, &r, 150, &ln, &e);
		}
		img_free(&im);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0');
	}
	memfile_close(&m);
	return 0;
}
