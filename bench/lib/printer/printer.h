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
/* PWG Raster (pwg.c), the format IPP Everywhere requires: im as one
 * sgray_8 page at im->dpi (600 if 0); an ID-1 card in colour rgb at dpi,
 * ink 10/243 of the card in from each edge; the first page of an sgray_8
 * or srgb_8 file as grey. Atomic via rename. */
int img_save_pwg(const char *path, const struct img *im, struct err *e);
int pwg_save_card(const char *path, int dpi, const unsigned char rgb[3], struct err *e);
int img_load_pwg(const char *path, struct img *im, struct err *e);
/* Whether path is PWG raster whose first page is grey (sgray). */
int pwg_is_grey(const char *path);
/* Bilinear sample at (x, y) in pixel-centre coordinates; outside gives out. */
double img_sample(const struct img *im, double x, double y, double out);

/* Print registration: where a printer put the content on the card.
 *
 * The target is a card-sized image with four fiducial discs at known
 * positions, a row of code cells carrying a card serial, and line-pair
 * patches. After printing, the scan (card on a dark scanner bed) is
 * measured: card edges by sub-pixel line fits (skew of a few degrees is
 * fine), fiducial centroids inside the card, and from them the content's
 * displacement at every mark and, through the bilinear field the four
 * marks define, at every point of the card. Anything that does not look
 * like exactly one card with four readable marks is an error, never a
 * number. Card coordinates: mm from the top-left corner, x along the long
 * edge (the feed direction of card printers, whose head spans the short
 * edge), y down. */
#define REG_CARD_W_MM     85.60 /* ISO/IEC 7810 ID-1 */
#define REG_CARD_H_MM     53.98
#define REG_FID_MARGIN_MM 8.0 /* fiducial centre to the nearest card edges */
#define REG_FID_R_MM      1.5

/* The card serial: 40 bits plus a CRC-8 in 48 cells of 1 x 4 mm (black =
 * 1), first bit at the left, so a scan shows which card it is. */
#define REG_SERIAL_BITS  40
#define REG_CODE_CELLS   48
#define REG_CODE_X_MM    18.8
#define REG_CODE_Y_MM    20.0
#define REG_CODE_CELL_MM 1.0
#define REG_CODE_H_MM    4.0

/* Line-pair patches, 5 x 5 mm at REG_LP_Y_MM: patch k at x REG_LP_X_MM +
 * 7 k. 0: one-dot lines across x (dots alternate along x), 1: the same
 * across y, 2 and 3: four-dot lines, the contrast reference. */
#define REG_LP_X_MM    20.0
#define REG_LP_Y_MM    36.0
#define REG_LP_SIZE_MM 5.0
#define REG_LP_COARSE  4 /* dots per line of the reference patches */

/* Fiducial i (0 TL, 1 TR, 2 BL, 3 BR) nominal centre, mm from the card's
 * top-left corner. */
void reg_fiducial(int i, double *x_mm, double *y_mm);

/* A white card image with the fiducials, the code cells of serial (its low
 * 40 bits) and the line-pair patches, at dpi: the patches' lines are one
 * pixel of this image wide. */
int reg_target(struct img *im, double dpi, unsigned long long serial, struct err *e);
/* The symbols printer.codes prints on a target (DB43/T 3.3 §6.3.3 表3-1:
 * 条形码、二维码), drawn into im at its dpi in the area the marks, code
 * cells and line pairs leave free: a QR Code of qr, 0.38 mm modules, centred
 * at REG_QR_X_MM, REG_QR_Y_MM; a Code 128 of code128, 0.25 mm modules,
 * REG_C128_H_MM high, centred at REG_C128_X_MM, REG_C128_Y_MM. Either may be
 * NULL. Fails on data the symbology cannot hold or a symbol too wide for
 * its place. */
#define REG_QR_X_MM     61.0
#define REG_QR_Y_MM     35.0
#define REG_QR_MODULE   0.38
#define REG_C128_X_MM   42.8
#define REG_C128_Y_MM   12.5
#define REG_C128_H_MM   6.0
#define REG_C128_MODULE 0.25
int reg_target_codes(struct img *im, const char *qr, const char *code128, struct err *e);
/* The serial a job name's card carries: 40 bits of a hash of the name, so
 * every job of a run prints a card of its own. */
unsigned long long reg_serial_of(const char *name);
/* What the 48 cells carry for serial: its 40 bits, then their CRC-8. */
unsigned long long reg_code_word(unsigned long long serial);

/* What reg_measure finds. Offsets are mm, signed along +x (right) and +y
 * (down): each mark's x offset is measured from the card edge nearest to it
 * (left marks from the left edge, right marks from the right edge), its y
 * offset from the nearest of the top and bottom edges. */
struct reg_result {
	double dx[4], dy[4];               /* each fiducial, in reg_fiducial order */
	double corner_dx[4], corner_dy[4]; /* the card's corners, same order */
	/* The largest displacement towards each side of any point of the card
	 * (the field is bilinear, so its extremes lie at the corners); <= 0
	 * when no point moved that way. DB43/T 3.3 judges each below 1 mm. */
	double left, right, up, down;
	/* The field at the card centre as geometry: translation, rotation of
	 * the content's rows (clockwise on the scan positive), shear (the head
	 * not square to the feed: how far the content's columns lean from
	 * square to its rows, bottom to the right positive), scale along x and
	 * y, and the twist no affine map explains (mm at the corners). */
	double tx, ty, rot_deg, shear_deg, scale_x, scale_y, twist_mm;
	double skew_deg;       /* card skew on the scanner bed */
	double card_w, card_h; /* measured card size, mm */
	double dpi;            /* of the scan */
	double paper, ink;     /* grey of the card and of the marks' centres */
	double mx[4], my[4];   /* fiducial centroids in the scan, px */
	int serial_ok;         /* the code cells read with a good CRC */
	unsigned long long serial;
	char serial_err[160]; /* why not, when !serial_ok */
};

/* dpi <= 0 takes the scan's own pHYs resolution. A card whose code cells
 * cannot be read is still measured (serial_ok 0 says why). */
int reg_measure(const struct img *scan, double dpi, struct reg_result *r, struct err *e);
/* The scan point (px) of card point (x_mm, y_mm) as printed: the bilinear
 * map through the four measured marks, so it follows the printer's
 * offset, rotation, shear and scale. */
void reg_map(const struct reg_result *r, double x_mm, double y_mm, double *px, double *py);
/* Reads the code cells of a measured scan into r->serial (reg_measure's
 * last step): every cell must be clearly card or ink, and the CRC hold. */
void reg_read_serial(const struct img *scan, struct reg_result *r);

/* The printed line pairs of a measured scan: amplitude of the fundamental
 * of the one-dot patches (period 2 dots of lp_dpi) over that of the
 * four-dot reference, along x and along y. A printer that resolves lp_dpi
 * gives a clear ratio; one that prints coarser smears the one-dot lines
 * into flat grey (ratio near 0). Fails when the scan cannot resolve them
 * (its dpi < 2 lp_dpi) or the reference patches are not there. */
struct reg_lines {
	double lp_dpi;
	double mtf_x, mtf_y;       /* fine / reference, per axis */
	double fine_x, fine_y;     /* fundamental amplitudes, grey levels */
	double coarse_x, coarse_y; /* reference amplitudes */
};
int reg_lines(const struct img *scan, const struct reg_result *r, double lp_dpi,
              struct reg_lines *out, struct err *e);

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
/* ms_decode in the direction the record reads: readers that verify on the
 * card's way back see the stripe end first, so a record with no start
 * sentinel forwards is decoded backwards too (*reversed = 1). */
int ms_read(int track, const char *bits, char *data, size_t cap, int *reversed, struct err *e);

/* Bar codes and QR codes (libzint) a code scanner is shown: the
 * symbologies of DB43/T 3.3 §6.3.4 表4 (10). */
enum {
	BARCODE_SYM_QR,
	BARCODE_SYM_EAN13,
	BARCODE_SYM_UPCA,
	BARCODE_SYM_UPCE,
	BARCODE_SYM_EAN8,
	BARCODE_SYM_CODE128,
	BARCODE_SYM_CODE39,
	BARCODE_SYM_ITF,
	BARCODE_NSYM
};

/* "qr", "ean13", "upca", "upce", "ean8", "code128", "code39", "itf"; -1 when
 * unknown. */
int barcode_find(const char *name);
const char *barcode_name(int sym);
/* The symbol of data, module_px pixels per module (<= 0: 3), black on white
 * with quiet zones and no human-readable text. EAN/UPC take their digits
 * with or without the check digit (zint checks a given one); a bad length
 * or character is an error naming the symbology. */
int barcode_render(int sym, const char *data, int module_px, struct img *im, struct err *e);
/* Every symbol zbar finds in im (barcode_read.c), in the order it finds
 * them: fn(ctx, sym, type, text) with sym a BARCODE_SYM_* (-1 for a
 * symbology outside that list), type zbar's name for it ("QR-Code",
 * "EAN-13", ...) and the text it holds. Returns how many, or -1. */
typedef void barcode_fn(void *ctx, int sym, const char *type, const char *text);
int barcode_read(const struct img *im, barcode_fn *fn, void *ctx, struct err *e);
/* barcode_read of a scan: at its own resolution, then averaged over 2x2,
 * 3x3 and 4x4 pixels (a scanner's noise is per pixel, a module many pixels
 * wide; zbar's edge finder trips on the first), each distinct symbol
 * reported once. A pass reads only symbols whose check characters or error
 * correction hold, so more passes add reads, not guesses.
 * Returns how many, or -1. */
int barcode_read_scan(const struct img *im, barcode_fn *fn, void *ctx, struct err *e);

/* Hopper and consumable capacities as a card printer reports them over IPP
 * (bench/lib/printer/pwgcap.c). printer-input-tray, printer-output-tray and
 * printer-supply are octetString records "key=value;key=value;..." (PWG
 * 5100.13, values from the Printer MIB, RFC 3805): vendors write them, so
 * keys may be missing, in any case or order, numbers may be words, units
 * unknown. Capacities of -1 (other: no restriction), -2 (unknown) and -3
 * (some) are no count. A capacity is only ever taken from a count: hoppers
 * in cards (sheets, items) or stack height (micrometers,
 * tenThousandthsOfInches, at the standard's 0.76 mm per card), rolls in
 * prints (impressions, sheets, items); anything else is not reported. */
#define PWG_OTHER   -1
#define PWG_UNKNOWN -2
#define PWG_SOME    -3
#define PWG_CARD_UM 760 /* DB43/T 3.3 tables 1-3 count cards of 0.76 mm */

struct pwg_rec {
	char type[64], name[64], unit[40], colorant[64];
	long max, level;  /* maxcapacity; level (or remaining); PWG_UNKNOWN if absent */
	int has_max;      /* a maxcapacity key was there; 2: its value is no number */
	char max_raw[24]; /* that value as written */
};
/* Parses one record (len bytes, not NUL-terminated). Keys it does not know
 * are ignored; a number that is not one is PWG_UNKNOWN. -1 if no key=value
 * is in it at all. */
int pwg_rec_parse(const char *s, size_t len, struct pwg_rec *r);

enum pcap_item { PCAP_INPUT, PCAP_OUTPUT, PCAP_REJECT, PCAP_RIBBON, PCAP_FILM, PCAP_N };
#define PCAP_MAX 16

struct pcap_text {
	const char *s;
	size_t len;
};
/* The attributes as received: records and the marker-names/-types keywords. */
struct pcap_attrs {
	struct pcap_text input[PCAP_MAX], output[PCAP_MAX], supply[PCAP_MAX];
	struct pcap_text marker_name[PCAP_MAX], marker_type[PCAP_MAX];
	int ninput, noutput, nsupply, nmarker;
};
/* What the printer says of one item. */
struct pcap {
	long count;       /* cards or prints per roll; -1: not reported as a count */
	char attr[40];    /* printer-input-tray[2]: where it came from ("" none) */
	char record[256]; /* that record as the printer wrote it */
	char why[256];    /* count < 0: why not (no such record, -2, unit percent, ...) */
	char kind[16];    /* ribbon: "1/2 YMCKO", "YMCKO" or "" (other or not said) */
};
/* Which record is which item: the input hopper is the automatic feed tray
 * (not sheetFeedManual, not named manual) with the most cards; the reject
 * hopper the output tray named or typed reject/waste (废), the output
 * hopper the largest other one; ribbons and films are the printer-supply
 * records whose type or name says ribbon / film (a film is no ribbon), the
 * smallest roll counting. marker-names/-types only name a consumable the
 * printer-supply records leave out (its count stays -1) and give a ribbon's
 * kind. */
void pcap_read(const struct pcap_attrs *a, struct pcap out[PCAP_N]);
const char *pcap_name(enum pcap_item i); /* input, output, reject, ribbon, film */

#endif
