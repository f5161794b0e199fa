/* Grey images and PNG files. Every image the printer tests handle (targets,
 * scans) is 8-bit grey: registration needs luminance only. Loading is strict
 * (truncated, corrupt, empty or absurdly large files are errors naming the
 * file), so a bad scan can never turn into a number. */
#ifndef BENCH_IMG_H
#define BENCH_IMG_H

#include <stddef.h>

#include "bench/base/err.h"

struct img {
	int w, h;
	double dpi;        /* from pHYs when loaded; 0 if the file has none */
	unsigned char *px; /* w*h bytes, row-major, 0 black .. 255 white */
};

int img_new(struct img *im, int w, int h, unsigned char fill, struct err *e);
void img_free(struct img *im);
/* Any PNG colour type/depth, converted to 8-bit grey (alpha composed on white). */
int img_load_png(const char *path, struct img *im, struct err *e);
/* Writes 8-bit grey with pHYs from im->dpi (if > 0); atomic via rename. */
int img_save_png(const char *path, const struct img *im, struct err *e);
/* Bilinear sample at (x, y) in pixel-centre coordinates; outside gives out. */
double img_sample(const struct img *im, double x, double y, double out);

#endif
