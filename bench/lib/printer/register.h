/* Print registration: where a printer put the content on the card.
 *
 * The target is a card-sized image with four fiducial discs at known
 * positions. After printing, the scan (card on a dark scanner bed) is
 * measured: card edges by sub-pixel line fits (skew of a few degrees is
 * fine), fiducial centroids inside the card, and from them the content's
 * displacement at each side of the card. Anything that does not look like
 * exactly one card with four readable marks is an error, never a number. */
#ifndef BENCH_REGISTER_H
#define BENCH_REGISTER_H

#include "bench/base/err.h"
#include "img.h"

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

#endif
