/* The registration target: fiducials, the card serial's code cells and the
 * line-pair patches (layout in printer.h). */
#include "printer.h"

#include <math.h>
#include <string.h>

#define MM_PER_IN 25.4

void reg_fiducial(int i, double *x_mm, double *y_mm)
{
	*x_mm = (i & 1) ? REG_CARD_W_MM - REG_FID_MARGIN_MM : REG_FID_MARGIN_MM;
	*y_mm = (i & 2) ? REG_CARD_H_MM - REG_FID_MARGIN_MM : REG_FID_MARGIN_MM;
}

/* FNV-1a, then a mixer so that names one digit apart (consecutive jobs)
 * give serials that differ all over: a serial only has to tell the jobs of
 * a run apart. */
unsigned long long reg_serial_of(const char *name)
{
	unsigned long long h = 14695981039346656037ull;
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h & ((1ull << REG_SERIAL_BITS) - 1);
}

/* CRC-8 (polynomial 0x07, initial 0xff so that a card with no code cells
 * at all is no valid word) of the serial's five bytes, low byte first. */
static unsigned crc8(unsigned long long serial)
{
	unsigned c = 0xff;
	for (int i = 0; i < REG_SERIAL_BITS / 8; i++) {
		c ^= (unsigned)(serial >> (8 * i)) & 0xff;
		for (int k = 0; k < 8; k++)
			c = (c & 0x80) ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
	}
	return c;
}

/* The 48 cell values: serial bits then its CRC. */
unsigned long long reg_code_word(unsigned long long serial)
{
	serial &= (1ull << REG_SERIAL_BITS) - 1;
	return serial | (unsigned long long)crc8(serial) << REG_SERIAL_BITS;
}

static void disc(struct img *im, double cx, double cy, double r)
{
	/* 4x4 supersampling: antialiased edges keep the centroid exact. */
	for (int y = (int)(cy - r - 2); y <= (int)(cy + r + 2); y++)
		for (int x = (int)(cx - r - 2); x <= (int)(cx + r + 2); x++) {
			int in = 0;
			for (int s = 0; s < 16; s++) {
				double sx = x - 0.375 + 0.25 * (s & 3) - cx;
				double sy = y - 0.375 + 0.25 * (s >> 2) - cy;
				in += sx * sx + sy * sy <= r * r;
			}
			im->px[(size_t)y * (size_t)im->w + (size_t)x] =
			    (unsigned char)(255 - (255 * in) / 16);
		}
}

/* Pixels of [x0, x0+w) x [y0, y0+h) mm; ink(col, row) says which are black
 * (col/row counted from the area's first pixel). */
static void area(struct img *im, double x0, double y0, double w, double h,
                 int (*ink)(int col, int row))
{
	double ppmm = im->dpi / MM_PER_IN;
	int c0 = (int)lround(x0 * ppmm), r0 = (int)lround(y0 * ppmm);
	int c1 = (int)lround((x0 + w) * ppmm), r1 = (int)lround((y0 + h) * ppmm);
	for (int y = r0; y < r1 && y < im->h; y++)
		for (int x = c0; x < c1 && x < im->w; x++)
			if (ink(x - c0, y - r0))
				im->px[(size_t)y * (size_t)im->w + (size_t)x] = 0;
}

static int solid(int col, int row)
{
	(void)col, (void)row;
	return 1;
}
static int fine_x(int col, int row)
{
	(void)row;
	return col % 2 == 0;
}
static int fine_y(int col, int row)
{
	(void)col;
	return row % 2 == 0;
}
static int coarse_x(int col, int row)
{
	(void)row;
	return col / REG_LP_COARSE % 2 == 0;
}
static int coarse_y(int col, int row)
{
	(void)col;
	return row / REG_LP_COARSE % 2 == 0;
}

int reg_target(struct img *im, double dpi, unsigned long long serial, struct err *e)
{
	if (dpi < 100 || dpi > 2400)
		return err_set(e, EXIT_USAGE, "registration target: dpi %g out of 100..2400", dpi);
	double ppmm = dpi / MM_PER_IN;
	if (img_new(im, (int)lround(REG_CARD_W_MM * ppmm), (int)lround(REG_CARD_H_MM * ppmm), 255,
	            e) != 0)
		return -1;
	im->dpi = dpi;
	for (int i = 0; i < 4; i++) {
		double fx, fy;
		reg_fiducial(i, &fx, &fy);
		disc(im, fx * ppmm, fy * ppmm, REG_FID_R_MM * ppmm);
	}
	unsigned long long word = reg_code_word(serial);
	for (int i = 0; i < REG_CODE_CELLS; i++)
		if (word >> i & 1)
			area(im, REG_CODE_X_MM + i * REG_CODE_CELL_MM, REG_CODE_Y_MM,
			     REG_CODE_CELL_MM, REG_CODE_H_MM, solid);
	int (*const patch[4])(int, int) = {fine_x, fine_y, coarse_x, coarse_y};
	for (int k = 0; k < 4; k++)
		area(im, REG_LP_X_MM + 7 * k, REG_LP_Y_MM, REG_LP_SIZE_MM, REG_LP_SIZE_MM,
		     patch[k]);
	return 0;
}
