/* Symbols read from a grey image with zbar: what the scan of a printed card
 * shows (printer.codes, suites/printer/codes.lua) and what the
 * simulated code scanner sees on the station's screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "printer.h"

static int sym_of(zbar_symbol_type_t t)
{
	switch (t) {
	case ZBAR_QRCODE:
		return BARCODE_SYM_QR;
	case ZBAR_EAN13:
		return BARCODE_SYM_EAN13;
	case ZBAR_UPCA:
		return BARCODE_SYM_UPCA;
	case ZBAR_UPCE:
		return BARCODE_SYM_UPCE;
	case ZBAR_EAN8:
		return BARCODE_SYM_EAN8;
	case ZBAR_CODE128:
		return BARCODE_SYM_CODE128;
	case ZBAR_CODE39:
		return BARCODE_SYM_CODE39;
	case ZBAR_I25:
		return BARCODE_SYM_ITF;
	default:
		return -1;
	}
}

int barcode_read(const struct img *im, barcode_fn *fn, void *ctx, struct err *e)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *z = zbar_image_create();
	int n = -1;
	if (!sc || !z) {
		err_set(e, EXIT_BAIL, "barcode: out of memory");
		goto out;
	}
	/* Every symbology zbar knows; UPC-A and UPC-E as themselves, not
	 * folded into EAN-13 (zbar's default). */
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_UPCA, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_UPCE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(z, (unsigned)im->w, (unsigned)im->h);
	zbar_image_set_data(z, im->px, (unsigned long)im->w * (unsigned long)im->h, NULL);
	n = zbar_scan_image(sc, z);
	if (n < 0) {
		err_set(e, EXIT_FAILED, "barcode: zbar could not scan a %dx%d image", im->w, im->h);
		goto out;
	}
	for (const zbar_symbol_t *y = zbar_image_first_symbol(z); y; y = zbar_symbol_next(y)) {
		zbar_symbol_type_t t = zbar_symbol_get_type(y);
		fn(ctx, sym_of(t), zbar_get_symbol_name(t), zbar_symbol_get_data(y));
	}
out:
	if (z)
		zbar_image_destroy(z);
	if (sc)
		zbar_image_scanner_destroy(sc);
	return n;
}

/* im averaged over k x k pixel boxes: a scan's noise is mostly per pixel,
 * the symbol's modules are many pixels wide. */
static int shrink(const struct img *im, int k, struct img *out, struct err *e)
{
	if (img_new(out, im->w / k, im->h / k, 255, e) != 0)
		return -1;
	for (int y = 0; y < out->h; y++)
		for (int x = 0; x < out->w; x++) {
			unsigned sum = 0;
			for (int j = 0; j < k; j++)
				for (int i = 0; i < k; i++)
					sum += im->px[(size_t)(y * k + j) * (size_t)im->w +
					              (size_t)(x * k + i)];
			out->px[(size_t)y * (size_t)out->w + (size_t)x] =
			    (unsigned char)(sum / (unsigned)(k * k));
		}
	return 0;
}

/* Each distinct symbol once, whichever pass read it. */
struct seen {
	barcode_fn *fn;
	void *ctx;
	char *keys[64];
	int n;
};

static void once(void *ctx, int sym, const char *type, const char *text)
{
	struct seen *s = ctx;
	char key[1200];
	snprintf(key, sizeof key, "%s\n%s", type, text);
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return;
	if (s->n < (int)(sizeof s->keys / sizeof s->keys[0]) && (s->keys[s->n] = strdup(key)))
		s->n++;
	s->fn(s->ctx, sym, type, text);
}

int barcode_read_scan(const struct img *im, barcode_fn *fn, void *ctx, struct err *e)
{
	struct seen s = {.fn = fn, .ctx = ctx};
	int rc = barcode_read(im, once, &s, e);
	for (int k = 2; k <= 4 && rc >= 0; k++) {
		struct img small;
		if (im->w / k < 50 || im->h / k < 50)
			break;
		if (shrink(im, k, &small, e) != 0) {
			rc = -1;
			break;
		}
		rc = barcode_read(&small, once, &s, e);
		img_free(&small);
	}
	for (int i = 0; i < s.n; i++)
		free(s.keys[i]);
	return rc < 0 ? -1 : s.n;
}
