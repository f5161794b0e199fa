/* The bar codes printer.codes adds to a registration target (DB43/T 3.3
 * §6.3.3 表3-1 卡片打印功能: 各类条形码、二维码), in the area the marks,
 * code cells and line pairs leave free (layout in printer.h). */
#include <math.h>

#include "printer.h"

#define MM_PER_IN 25.4

/* The dark box of a rendered symbol, px: x0, y0, x1, y1 (inclusive). */
static void dark_box(const struct img *s, int b[4])
{
	b[0] = s->w, b[1] = s->h, b[2] = -1, b[3] = -1;
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++)
			if (s->px[(size_t)y * (size_t)s->w + (size_t)x] < 128) {
				b[0] = x < b[0] ? x : b[0], b[2] = x > b[2] ? x : b[2];
				b[1] = y < b[1] ? y : b[1], b[3] = y > b[3] ? y : b[3];
			}
}

/* One symbol, its dark box centred at (cx, cy) mm and cut to h_mm high
 * (<= 0: whole), with quiet zones of `quiet` modules that must stay
 * inside the free area [fx0, fx1] x [fy0, fy1] mm. */
struct place {
	int sym;
	double module, cx, cy, h_mm, quiet, fx0, fy0, fx1, fy1;
};

static int draw_symbol(struct img *im, const struct place *p, const char *data, struct err *e)
{
	double ppmm = im->dpi / MM_PER_IN;
	int mpx = (int)lround(p->module * ppmm);
	mpx = mpx < 2 ? 2 : mpx; /* at least two pixels a module, at any dpi */
	struct img s;
	if (barcode_render(p->sym, data, mpx, &s, e) != 0)
		return -1;
	int b[4];
	dark_box(&s, b);
	int w = b[2] - b[0] + 1, h = b[3] - b[1] + 1;
	if (p->h_mm > 0 && h > (int)lround(p->h_mm * ppmm))
		h = (int)lround(p->h_mm * ppmm);
	double q = p->quiet * mpx;
	int x0 = (int)lround(p->cx * ppmm - w / 2.0), y0 = (int)lround(p->cy * ppmm - h / 2.0);
	if (w <= 0 || x0 - q < p->fx0 * ppmm || y0 - q < p->fy0 * ppmm ||
	    x0 + w + q > p->fx1 * ppmm || y0 + h + q > p->fy1 * ppmm) {
		img_free(&s);
		return err_set(e, EXIT_USAGE,
		               "target: the %s of '%s' (%.1f x %.1f mm) does not fit "
		               "its place on the card",
		               barcode_name(p->sym), data, w / ppmm, h / ppmm);
	}
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (s.px[(size_t)(b[1] + y) * (size_t)s.w + (size_t)(b[0] + x)] < 128)
				im->px[(size_t)(y0 + y) * (size_t)im->w + (size_t)(x0 + x)] = 0;
	img_free(&s);
	return 0;
}

int reg_target_codes(struct img *im, const char *qr, const char *code128, struct err *e)
{
	/* Free areas: the QR between the line pairs (x < 46) and the
	 * bottom-right mark's window (x > 74.6, y > 43), below the code cells
	 * (y > 24); the Code 128 above the code cells (y < 20), between the
	 * top marks' windows (x < 11, x > 74.6). ISO/IEC 18004 asks 4 modules
	 * of quiet zone, ISO/IEC 15417 10. */
	const struct place pq = {.sym = BARCODE_SYM_QR,
	                         .module = REG_QR_MODULE,
	                         .cx = REG_QR_X_MM,
	                         .cy = REG_QR_Y_MM,
	                         .quiet = 4,
	                         .fx0 = 47,
	                         .fy0 = 25,
	                         .fx1 = 74,
	                         .fy1 = 46};
	const struct place pc = {.sym = BARCODE_SYM_CODE128,
	                         .module = REG_C128_MODULE,
	                         .cx = REG_C128_X_MM,
	                         .cy = REG_C128_Y_MM,
	                         .h_mm = REG_C128_H_MM,
	                         .quiet = 10,
	                         .fx0 = 12,
	                         .fy0 = 2,
	                         .fx1 = 74,
	                         .fy1 = 19};
	if (qr && draw_symbol(im, &pq, qr, e) != 0)
		return -1;
	return code128 ? draw_symbol(im, &pc, code128, e) : 0;
}
