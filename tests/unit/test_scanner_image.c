/* bench/fixtures/scanner/image.c: what the simulated scanner returns for a
 * region of its glass is, pixel for pixel, the glass sampled bilinearly at
 * each pixel's centre with the dark bed off it (img_sample), whether the
 * scan takes the whole-pixel copy (same dpi) or samples. Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/fixtures/scanner/escl.h"
#include "bench/lib/printer/printer.h"
#include "tap.h"

/* The oracle: the scan of region req of src as the scanner's contract has
 * it, computed one pixel at a time. */
static int expected(const struct img *src, const struct escl_req *r, struct img *out)
{
	struct err e = {0};
	int w = (int)(r->w / 300.0 * r->dpi), h = (int)(r->h / 300.0 * r->dpi);
	if (img_new(out, w, h, 0, &e) != 0)
		return -1;
	double k = src->dpi / r->dpi, x0 = r->x / 300.0 * src->dpi, y0 = r->y / 300.0 * src->dpi;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			out->px[(size_t)y * (size_t)w + (size_t)x] =
			    (unsigned char)(img_sample(src, x0 + (x + 0.5) * k - 0.5,
			                               y0 + (y + 0.5) * k - 0.5, 0) +
			                    0.5);
	return 0;
}

static void region(const char *dir, const struct img *src, struct escl_req r, const char *what)
{
	char png[4200], got_what[4400];
	struct escl_conf c = {.source = dir, .state = dir};
	struct img want, got;
	struct err e = {0};
	snprintf(png, sizeof png, "%s/.out.png", dir);
	int ok = escl_scan(&c, &r, png, got_what, sizeof got_what, &e) == 0 &&
	         img_load_png(png, &got, &e) == 0;
	if (!tap_ok(ok, "%s: scanned (%s)", what, ok ? got_what : e.msg))
		return;
	if (expected(src, &r, &want) != 0)
		return;
	size_t diff = 0, first = 0;
	int same_size = got.w == want.w && got.h == want.h;
	for (size_t i = 0; same_size && i < (size_t)got.w * (size_t)got.h; i++)
		if (got.px[i] != want.px[i] && !diff++)
			first = i;
	tap_ok(same_size && diff == 0,
	       "%s: %dx%d px, every pixel as sampled (%zu differ, first at %zu)", what, got.w,
	       got.h, diff, first);
	img_free(&got);
	img_free(&want);
}

int main(void)
{
	char dir[] = "/tmp/test_scanner_image.XXXXXX", p[4200];
	if (!mkdtemp(dir))
		return 1;
	struct img src;
	struct err e = {0};
	if (img_new(&src, 601, 457, 0, &e) != 0)
		return 1;
	unsigned s = 7;
	for (size_t i = 0; i < (size_t)src.w * (size_t)src.h; i++) {
		s ^= s << 13, s ^= s >> 17, s ^= s << 5;
		src.px[i] = (unsigned char)s;
	}
	src.dpi = 600;
	snprintf(p, sizeof p, "%s/job1.png", dir);
	if (img_save_png(p, &src, &e) != 0) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	/* Same dpi from a whole pixel: the copy, inside the glass, across its
	 * right and bottom edges, and larger than it on both sides. */
	region(dir, &src, (struct escl_req){600, 1, 0, 0, 300, 228}, "same dpi, inside");
	region(dir, &src, (struct escl_req){600, 1, 150, 100, 300, 228},
	       "same dpi, over the edges");
	region(dir, &src, (struct escl_req){600, 1, 0, 0, 1350, 1800}, "same dpi, whole platen");
	region(dir, &src, (struct escl_req){600, 1, 290, 0, 40, 40}, "same dpi, off the glass");
	/* Sampled: another dpi, and the same dpi from a fraction of a pixel. */
	region(dir, &src, (struct escl_req){300, 1, 0, 0, 300, 228}, "half the dpi");
	region(dir, &src, (struct escl_req){1200, 1, 10, 10, 100, 100}, "twice the dpi");
	src.dpi = 500;
	if (img_save_png(p, &src, &e) != 0)
		return 1;
	region(dir, &src, (struct escl_req){500, 1, 1, 1, 200, 200},
	       "same dpi, origin between pixels");
	img_free(&src);
	unlink(p);
	snprintf(p, sizeof p, "%s/.out.png", dir);
	unlink(p);
	rmdir(dir);
	return tap_done();
}
