/* bench/lib/printer/target_codes.c and barcode_read.c: printer.codes'
 * symbols on a target, scanned through the simulated printer's render and
 * decoded back; a noisy scan read through the averaged passes; each symbol
 * once; what does not fit its place refused; an empty card reads nothing. */
#include <stdio.h>
#include <string.h>

#include "bench/fixtures/printer/render.h"
#include "bench/lib/printer/printer.h"
#include "tap.h"

#define QR   "DB43/T 3.3 bench bench-20261128T170553Z-7330-1 afd3007fdf"
#define C128 "AFD3007FDF"

struct got {
	int n, qr, c128, other;
};

static void count(void *ctx, int sym, const char *type, const char *text)
{
	struct got *g = ctx;
	g->n++;
	if (sym == BARCODE_SYM_QR && strcmp(text, QR) == 0)
		g->qr++;
	else if (sym == BARCODE_SYM_CODE128 && strcmp(text, C128) == 0)
		g->c128++;
	else
		g->other++, tap_diag("read %s '%s'", type, text);
}

/* The target with both symbols, scanned at 1200 dpi with noise. */
static int scanned(const struct img *t, double noise, struct img *s, struct err *e)
{
	struct render_opts o;
	render_defaults(&o);
	o.dpi = 1200, o.noise = noise, o.skew_deg = 1.5, o.dx_mm = 0.25, o.seed = 7;
	return render_scan(t, &o, s, e);
}

static void round_trip(const struct img *t, double noise)
{
	struct img s;
	struct err e = {0};
	struct got g = {0};
	struct reg_result r;
	int n = -1;
	if (scanned(t, noise, &s, &e) == 0) {
		n = barcode_read_scan(&s, count, &g, &e);
		tap_ok(reg_measure(&s, 1200, &r, &e) == 0 && r.serial_ok &&
		           r.serial == 0xafd3007fdfull,
		       "noise %g: the marks and serial still measure beside the symbols", noise);
		img_free(&s);
	}
	tap_ok(n == 2 && g.qr == 1 && g.c128 == 1 && g.other == 0,
	       "noise %g: the QR Code and the Code 128 read back, each once (%d read)", noise, n);
}

int main(void)
{
	struct img t, blank;
	struct err e = {0};
	if (reg_target(&t, 600, 0xafd3007fdfull, &e) != 0 ||
	    !tap_ok(reg_target_codes(&t, QR, C128, &e) == 0, "the symbols fit on a 600 dpi target"))
		return tap_diag("%s", e.msg), tap_done();
	round_trip(&t, 4);
	round_trip(&t, 25);
	img_free(&t);

	char big[300];
	memset(big, 'Q', sizeof big - 1);
	big[sizeof big - 1] = 0;
	if (reg_target(&t, 600, 1, &e) == 0) {
		int rc = reg_target_codes(&t, big, NULL, &e);
		tap_ok(rc != 0 && strstr(e.msg, "does not fit its place on the card"),
		       "a QR Code too large for its place is refused: %s", e.msg);
		e.msg[0] = 0;
		rc = reg_target_codes(&t, NULL, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", &e);
		tap_ok(rc != 0 && strstr(e.msg, "code128"), "a Code 128 too wide is refused: %s",
		       e.msg);
		img_free(&t);
	}

	struct got g = {0};
	if (img_new(&blank, 800, 500, 255, &e) == 0) {
		tap_ok(barcode_read_scan(&blank, count, &g, &e) == 0 && g.n == 0,
		       "a white image reads nothing");
		img_free(&blank);
	}
	return tap_done();
}
