/* Bar codes and QR codes with libzint, into the grey images of img.c, so a
 * suite can show a code scanner symbols whose content it knows. */
#include <string.h>

#include <zint.h>

#include "printer.h"

/* zint: the symbology for data without its check digit, the one that
 * checks a given check digit (EAN/UPC), and the length with it. */
static const struct {
	const char *name;
	int zint, zint_chk;
	size_t full;
} syms[] = {
    {"qr", BARCODE_QRCODE, 0, 0},
    {"ean13", BARCODE_EANX, BARCODE_EANX_CHK, 13},
    {"upca", BARCODE_UPCA, BARCODE_UPCA_CHK, 12},
    {"upce", BARCODE_UPCE, BARCODE_UPCE_CHK, 8},
    {"ean8", BARCODE_EANX, BARCODE_EANX_CHK, 8},
    {"code128", BARCODE_CODE128, 0, 0},
    {"code39", BARCODE_CODE39, 0, 0},
    {"itf", BARCODE_C25INTER, 0, 0},
};

const char *barcode_name(int sym)
{
	return sym >= 0 && sym < BARCODE_NSYM ? syms[sym].name : NULL;
}

int barcode_find(const char *name)
{
	for (int i = 0; i < BARCODE_NSYM; i++)
		if (strcmp(syms[i].name, name) == 0)
			return i;
	return -1;
}

/* EAN/UPC: the digits with or without the check digit (UPC-E: 6 digits, 7
 * with the number system, 8 with the check); zint tells EAN-13 from EAN-8
 * by the length, so it is checked here. */
static int length_ok(int sym, size_t n)
{
	switch (sym) {
	case BARCODE_SYM_EAN13:
	case BARCODE_SYM_UPCA:
	case BARCODE_SYM_EAN8:
		return n == syms[sym].full || n + 1 == syms[sym].full;
	case BARCODE_SYM_UPCE:
		return n >= 6 && n <= 8;
	}
	return n > 0;
}

int barcode_render(int sym, const char *data, int module_px, struct img *im, struct err *e)
{
	size_t n = strlen(data);
	if (!barcode_name(sym))
		return err_set(e, EXIT_USAGE, "barcode: unknown symbology %d", sym);
	if (!length_ok(sym, n) || n > 1000)
		return err_set(e, EXIT_USAGE, "barcode %s: '%s' has the wrong length",
		               syms[sym].name, data);
	struct zint_symbol *z = ZBarcode_Create();
	if (!z)
		return err_set(e, EXIT_USAGE, "barcode: out of memory");
	z->symbology = n == syms[sym].full ? syms[sym].zint_chk : syms[sym].zint;
	z->scale = (float)(module_px > 0 ? module_px : 3) / 2.0f; /* zint: scale 0.5 per pixel */
	z->whitespace_width = 10;                                 /* quiet zones a scanner needs */
	z->whitespace_height = 4;
	z->show_hrt = 0;
	int rc = ZBarcode_Encode_and_Buffer(z, (const unsigned char *)data, (int)n, 0);
	if (rc >= ZINT_ERROR) {
		err_set(e, EXIT_USAGE, "barcode %s: '%s': %s", syms[sym].name, data, z->errtxt);
		ZBarcode_Delete(z);
		return -1;
	}
	int w = z->bitmap_width, h = z->bitmap_height;
	if (img_new(im, w, h, 255, e) < 0) {
		ZBarcode_Delete(z);
		return -1;
	}
	for (long i = 0; i < (long)w * h; i++) /* RGB to grey: the symbol is black on white */
		im->px[i] = z->bitmap[3 * i] < 128 ? 0 : 255;
	ZBarcode_Delete(z);
	return 0;
}
