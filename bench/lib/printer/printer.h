/* Printed cards, measured in pure C: grey images and PNG, print
 * registration targets and their measurement, ISO 7811 magnetic stripes. */
#ifndef BENCH_LIB_PRINTER_H
#define BENCH_LIB_PRINTER_H

#include <stddef.h>

#include "bench/base/base.h"

/* Grey images and PNG files. Every image the printer tests handle (targets,
 * scans) is 8-bit grey: registration needs luminance only. Loading is strict
 * (truncated, corrupt, empty or absurdly large files are errors naming the
 * file), so a bad scan can never turn into a number. */
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

/* Print registration: where a printer put the content on the card.
 *
 * The target is a card-sized image with four fiducial discs at known
 * positions. After printing, the scan (card on a dark scanner bed) is
 * measured: card edges by sub-pixel line fits (skew of a few degrees is
 * fine), fiducial centroids inside the card, and from them the content's
 * displacement at each side of the card. Anything that does not look like
 * exactly one card with four readable marks is an error, never a number. */
#define REG_CARD_W_MM     85.60 /* ISO/IEC 7810 ID-1 */
#define REG_CARD_H_MM     53.98
#define REG_FID_MARGIN_MM 8.0 /* fiducial centre to the nearest card edges */
#define REG_FID_R_MM      1.5

/* Fiducial i (0 TL, 1 TR, 2 BL, 3 BR) nominal centre, mm from the card's
 * top-left corner. */
void reg_fiducial(int i, double *x_mm, double *y_mm);

/* A white card image with the four fiducials, at dpi. */
int reg_target(struct img *im, double dpi, struct err *e);

/* Displacement of the printed content from nominal, mm, signed along +x
 * (right) and +y (down): left/right from the left/right pair of marks
 * measured from the left/right card edge, up/down likewise from the top and
 * bottom edges. rot_deg: content rotation relative to the card. */
struct reg_result {
	double left, right, up, down;
	double rot_deg;
	double skew_deg;       /* card skew on the scanner bed */
	double card_w, card_h; /* measured card size, mm */
};

/* dpi <= 0 takes the scan's own pHYs resolution. */
int reg_measure(const struct img *scan, double dpi, struct reg_result *r, struct err *e);

/* ISO/IEC 7811 magnetic stripe tracks as bit strings ('0'/'1', first bit
 * first on the stripe): track 1 is 6-bit alphanumeric (IATA, '%'..'?'),
 * tracks 2 and 3 are 4-bit numeric (';'..'?'); every character carries odd
 * parity and the record ends with an LRC character. */
/* Leading/trailing clocking zeros written around a record. */
#define MS_CLOCK_BITS 16

/* data excludes sentinels and LRC. Fails on a character the track cannot
 * hold or a record longer than the track's capacity. */
int ms_encode(int track, const char *data, char *bits, size_t cap, struct err *e);
/* Finds the start sentinel, checks each character's parity, the end sentinel
 * and the LRC; the message says which character failed. */
int ms_decode(int track, const char *bits, char *data, size_t cap, struct err *e);

#endif
