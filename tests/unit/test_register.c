/* Registration measurement against scans rendered with known print errors:
 * accuracy at 600 dpi, skew, the whole geometry (rotation, shear, scale)
 * judged at every point of the card, the card serial, the printed line
 * pairs, and every "not one readable card" case. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/fixtures/printer/render.h"
#include "bench/lib/printer/printer.h"
#include "tap.h"

static int scan(const struct img *target, struct render_opts *o, struct reg_result *r,
                struct err *e)
{
	struct img s;
	if (render_scan(target, o, &s, e) != 0)
		return -1;
	int rc = reg_measure(&s, o->dpi, r, e);
	img_free(&s);
	return rc;
}

static double worst_mark_err(const struct reg_result *r, double dx, double dy)
{
	double w = 0;
	for (int i = 0; i < 4; i++)
		w = fmax(w, fmax(fabs(r->dx[i] - dx), fabs(r->dy[i] - dy)));
	return w;
}

static void accuracy(const struct img *t, double dx, double dy, double skew, unsigned seed)
{
	struct render_opts o;
	struct reg_result r;
	struct err e = {0};
	render_defaults(&o);
	o.dx_mm = dx, o.dy_mm = dy, o.skew_deg = skew, o.seed = seed;
	int rc = scan(t, &o, &r, &e);
	double worst = worst_mark_err(&r, dx, dy);
	worst = fmax(worst, fmax(fabs(r.right - dx), fabs(r.left + dx)));
	worst = fmax(worst, fmax(fabs(r.down - dy), fabs(r.up + dy)));
	tap_ok(rc == 0 && worst <= 0.05,
	       "offset (%.2f,%.2f) mm skew %.1f deg: marks and card L %.3f R %.3f U %.3f D %.3f, "
	       "worst err %.3f mm %s",
	       dx, dy, skew, r.left, r.right, r.up, r.down, worst, rc ? e.msg : "");
	tap_ok(rc == 0 && fabs(r.skew_deg - skew) < 0.05, "skew measured %.3f deg", r.skew_deg);
}

/* A print error that moves no mark by 1 mm still puts some point of the card
 * out by more: the worst direction says so, the geometry names the cause. */
static void geometry(const struct img *t, const char *what, struct render_opts *o,
                     double got_of(const struct reg_result *), double want, double tol,
                     double worst_min)
{
	struct reg_result r;
	struct err e = {0};
	int rc = scan(t, o, &r, &e);
	double worst = fmax(fmax(r.left, r.right), fmax(r.up, r.down)), g = got_of(&r);
	tap_ok(rc == 0 && fabs(g - want) <= tol, "%s measured %.4f (want %.4f) %s", what, g, want,
	       rc ? e.msg : "");
	tap_ok(rc == 0 && (worst_min > 0 ? worst >= worst_min : worst < -worst_min),
	       "%s: worst displacement %.3f mm (L %.3f R %.3f U %.3f D %.3f) %s %.2f", what, worst,
	       r.left, r.right, r.up, r.down, worst_min > 0 ? ">=" : "<", fabs(worst_min));
}

static double rot_of(const struct reg_result *r)
{
	return r->rot_deg;
}
static double shear_of(const struct reg_result *r)
{
	return r->shear_deg;
}
static double scale_x_of(const struct reg_result *r)
{
	return r->scale_x;
}
static double scale_y_of(const struct reg_result *r)
{
	return r->scale_y;
}

static void whole_geometry(const struct img *t)
{
	struct render_opts o;
	render_defaults(&o);
	o.rot_deg = 0.3;
	geometry(t, "content rotation 0.3 deg", &o, rot_of, 0.3, 0.02, -1.0);
	render_defaults(&o);
	o.rot_deg = 1.5; /* the marks move 0.9 mm, the corners 1.1 */
	geometry(t, "content rotation 1.5 deg", &o, rot_of, 1.5, 0.03, 1.0);
	render_defaults(&o);
	o.shear_deg = 2.5; /* tan(2.5 deg) * 27 mm = 1.18 at the corners */
	geometry(t, "head shear 2.5 deg", &o, shear_of, 2.5, 0.03, 1.0);
	render_defaults(&o);
	o.scale_x = 1.025; /* 1.07 mm at the ends of the card */
	geometry(t, "scale along the feed 1.025", &o, scale_x_of, 1.025, 0.0005, 1.0);
	render_defaults(&o);
	o.scale_y = 1.04; /* 1.08 mm at top and bottom */
	geometry(t, "scale across the feed 1.04", &o, scale_y_of, 1.04, 0.0005, 1.0);
	/* What a good printer does: a little of everything, and bleed. */
	render_defaults(&o);
	o.dx_mm = 0.2, o.dy_mm = -0.15, o.rot_deg = 0.25, o.shear_deg = 0.3, o.scale = 1.004;
	o.skew_deg = -2.5, o.seed = 9;
	geometry(t, "good printer (bleed 1.004, rot 0.25, shear 0.3)", &o, scale_x_of, 1.004,
	         0.0005, -1.0);
}

static void rejects(const struct img *t, struct render_opts *o, const char *want, const char *what)
{
	struct reg_result r;
	struct err e = {0};
	int rc = scan(t, o, &r, &e);
	tap_ok(rc != 0 && strstr(e.msg, want), "%s -> error \"%s\"", what, e.msg);
}

/* Whites out the code cells: a card printed from someone else's target. */
static void uncoded(struct img *t)
{
	double ppmm = t->dpi / 25.4;
	for (int y = (int)(REG_CODE_Y_MM * ppmm) - 2;
	     y < (REG_CODE_Y_MM + REG_CODE_H_MM) * ppmm + 2; y++)
		memset(t->px + (size_t)y * (size_t)t->w + (size_t)(REG_CODE_X_MM * ppmm) - 2, 255,
		       (size_t)(REG_CODE_CELLS * REG_CODE_CELL_MM * ppmm) + 4);
}

static void serials(const struct img *t, const struct img *blank)
{
	struct render_opts o;
	struct reg_result r;
	struct err e = {0};
	unsigned long long want = reg_serial_of("bench-20261125T000000Z-ab12-7");
	render_defaults(&o);
	o.skew_deg = 2, o.rot_deg = 0.4, o.dx_mm = 0.6;
	int rc = scan(t, &o, &r, &e);
	tap_ok(rc == 0 && r.serial_ok && r.serial == want,
	       "card serial %010llx read back: %010llx %s", want, r.serial,
	       r.serial_ok ? "" : r.serial_err);
	tap_ok(reg_serial_of("bench-20261125T000000Z-ab12-7") !=
	           reg_serial_of("bench-20261125T000000Z-ab12-8"),
	       "consecutive job names give different serials");
	render_defaults(&o);
	rc = scan(blank, &o, &r, &e);
	tap_ok(rc == 0 && !r.serial_ok && strstr(r.serial_err, "unreadable"),
	       "marks without code cells: measured, serial \"%s\"", r.serial_err);
}

/* lines(target, print dpi x, y, scan dpi) -> measured, or an error message. */
static int lines(const struct img *t, double px, double py, double sdpi, struct reg_lines *ln,
                 struct err *e)
{
	struct img printed, s;
	struct render_opts o;
	struct reg_result r;
	render_defaults(&o);
	o.dpi = sdpi, o.skew_deg = 1.5, o.scale = 1.004, o.rot_deg = 0.2;
	if (render_print(t, px, py, &printed, e) != 0)
		return -1;
	int rc = render_scan(&printed, &o, &s, e);
	img_free(&printed);
	if (rc != 0)
		return -1;
	rc = reg_measure(&s, 0, &r, e) || reg_lines(&s, &r, 600, ln, e);
	img_free(&s);
	return rc;
}

static void line_pairs(const struct img *t)
{
	struct reg_lines ln;
	struct err e = {0};
	int rc = lines(t, 600, 600, 1200, &ln, &e);
	tap_ok(rc == 0 && ln.mtf_x > 0.2 && ln.mtf_y > 0.2,
	       "600 dpi print, 1200 dpi scan: 600 dpi line pairs x %.3f y %.3f %s", ln.mtf_x,
	       ln.mtf_y, rc ? e.msg : "");
	rc = lines(t, 300, 300, 1200, &ln, &e);
	tap_ok(rc == 0 && ln.mtf_x < 0.05 && ln.mtf_y < 0.05,
	       "300 dpi print: 600 dpi line pairs gone, x %.3f y %.3f %s", ln.mtf_x, ln.mtf_y,
	       rc ? e.msg : "");
	rc = lines(t, 600, 300, 1200, &ln, &e);
	tap_ok(rc == 0 && ln.mtf_x > 0.2 && ln.mtf_y < 0.05,
	       "600 x 300 dpi print: x %.3f resolved, y %.3f not %s", ln.mtf_x, ln.mtf_y,
	       rc ? e.msg : "");
	rc = lines(t, 600, 600, 600, &ln, &e);
	tap_ok(rc != 0 && strstr(e.msg, "needs >= 1200"), "600 dpi scan refused: %s", e.msg);
}

/* FNV-1a of a scan's pixels: the render's exact output. */
static unsigned long long px_hash(const struct img *s)
{
	unsigned long long h = 1469598103934665603ull;
	for (size_t i = 0; i < (size_t)s->w * (size_t)s->h; i++)
		h = (h ^ s->px[i]) * 1099511628211ull;
	return h ^ (unsigned long long)s->w << 32 ^ (unsigned long long)s->h;
}

/* render_scan's fast loops give the pixels the per-pixel reference did
 * (hashes recorded from it at 2530a6d), for every kind of geometry. */
static void same_pixels(const struct img *t)
{
	static const struct {
		double dpi, dx, dy, rot, sx, sy, shear, skew;
		int cards;
		unsigned long long want;
	} c[] = {
	    {600, 0, 0, 0, 1, 1, 0, 0, 1, 0x1c04e893ab42ccc3ull},
	    {1200, 0.25, -0.15, 0, 1, 1, 0, 1.5, 1, 0x5150ec7c37187934ull},
	    {300, -0.8, 0.6, 0.4, 1.01, 0.99, 0.3, -3, 1, 0x283ca798558c0e94ull},
	    {600, 1.2, 0, -0.2, 1, 1.02, -0.5, 2.5, 2, 0x975d0621fb970b32ull},
	    {600, 0, 0, 0, 1, 1, 0, 0, 0, 0x778a0729cc86d9b5ull},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		struct render_opts o;
		struct img s;
		struct err e = {0};
		render_defaults(&o);
		o.dpi = c[i].dpi, o.dx_mm = c[i].dx, o.dy_mm = c[i].dy, o.rot_deg = c[i].rot;
		o.scale_x = c[i].sx, o.scale_y = c[i].sy, o.shear_deg = c[i].shear;
		o.skew_deg = c[i].skew, o.cards = c[i].cards, o.seed = (unsigned)i + 7;
		if (render_scan(t, &o, &s, &e) != 0) {
			tap_ok(0, "render %zu: %s", i, e.msg);
			continue;
		}
		unsigned long long h = px_hash(&s);
		tap_ok(h == c[i].want, "render %zu: pixels as the reference's (%016llx)", i, h);
		img_free(&s);
		/* In any number of bands (render.c: one per CPU): the same pixels. */
		int same = 1;
		for (int bands = 1; bands <= 8; bands += 1 + (bands > 1)) {
			o.bands = bands;
			if (render_scan(t, &o, &s, &e) != 0) {
				same = 0;
				continue;
			}
			same &= px_hash(&s) == c[i].want;
			img_free(&s);
		}
		tap_ok(same, "render %zu: the same pixels in 1, 2, 4, 6 and 8 bands", i);
	}
	struct img pr;
	struct err e = {0};
	if (render_print(t, 300, 600, &pr, &e) != 0) {
		tap_ok(0, "render_print: %s", e.msg);
		return;
	}
	unsigned long long h = px_hash(&pr);
	tap_ok(h == 0x7dc13beb54754ea3ull, "300 x 600 dpi print: dots as the reference's (%016llx)",
	       h);
	img_free(&pr);
}

int main(void)
{
	struct img t, blank, s;
	struct err e = {0};
	struct render_opts o;
	struct reg_result r;
	if (reg_target(&t, 600, reg_serial_of("bench-20261125T000000Z-ab12-7"), &e) != 0 ||
	    reg_target(&blank, 600, 0, &e) != 0) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	uncoded(&blank);
	accuracy(&t, 0, 0, 0, 1);
	accuracy(&t, 0.3, -0.2, 0, 2);
	accuracy(&t, 1.2, 0, 2.5, 3);
	accuracy(&t, -0.8, 0.6, -3, 4);
	accuracy(&t, 0.05, 0.95, 1, 5);
	whole_geometry(&t);
	serials(&t, &blank);
	line_pairs(&t);
	same_pixels(&t);

	render_defaults(&o);
	o.cards = 0;
	rejects(&t, &o, "no card", "empty scanner bed");
	render_defaults(&o);
	o.cards = 2;
	rejects(&t, &o, "2 cards", "two cards");
	struct img white;
	if (img_new(&white, t.w, t.h, 255, &e) == 0) {
		white.dpi = t.dpi;
		render_defaults(&o);
		rejects(&white, &o, "mark unreadable", "card with no marks");
		img_free(&white);
	}
	render_defaults(&o);
	o.dx_mm = 4;
	rejects(&t, &o, "mark unreadable", "marks 4 mm off (outside the search window)");

	render_defaults(&o);
	tap_ok(render_scan(&t, &o, &s, &e) == 0 && reg_measure(&s, 0, &r, &e) == 0,
	       "dpi taken from the scan when not given");
	img_free(&s);
	img_free(&t);
	img_free(&blank);
	return tap_done();
}
