/* Registration measurement against scans rendered with known print errors:
 * accuracy at 600 dpi, skew, and every "not one readable card" case. */
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
	int rc = reg_measure(&s, 600, r, e);
	img_free(&s);
	return rc;
}

static void accuracy(const struct img *t, double dx, double dy, double skew, unsigned seed)
{
	struct render_opts o;
	struct reg_result r;
	struct err e = {0};
	render_defaults(&o);
	o.dx_mm = dx, o.dy_mm = dy, o.skew_deg = skew, o.seed = seed;
	int rc = scan(t, &o, &r, &e);
	double worst = fmax(fmax(fabs(r.left - dx), fabs(r.right - dx)),
	                    fmax(fabs(r.up - dy), fabs(r.down - dy)));
	tap_ok(rc == 0 && worst <= 0.05,
	       "offset (%.2f,%.2f) mm skew %.1f deg: L %.3f R %.3f U %.3f D %.3f, worst err %.3f "
	       "mm %s",
	       dx, dy, skew, r.left, r.right, r.up, r.down, worst, rc ? e.msg : "");
	tap_ok(rc == 0 && fabs(r.skew_deg - skew) < 0.05, "skew measured %.3f deg", r.skew_deg);
}

static void rejects(const struct img *t, struct render_opts *o, const char *want, const char *what)
{
	struct reg_result r;
	struct err e = {0};
	int rc = scan(t, o, &r, &e);
	tap_ok(rc != 0 && strstr(e.msg, want), "%s -> error \"%s\"", what, e.msg);
}

int main(void)
{
	struct img t, blank, s;
	struct err e = {0};
	struct render_opts o;
	struct reg_result r;
	if (reg_target(&t, 600, &e) != 0 || img_new(&blank, t.w, t.h, 255, &e) != 0) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	accuracy(&t, 0, 0, 0, 1);
	accuracy(&t, 0.3, -0.2, 0, 2);
	accuracy(&t, 1.2, 0, 2.5, 3);
	accuracy(&t, -0.8, 0.6, -3, 4);
	accuracy(&t, 0.05, 0.95, 1, 5);

	render_defaults(&o);
	o.rot_deg = 0.3;
	int rc = scan(&t, &o, &r, &e);
	tap_ok(rc == 0 && fabs(r.rot_deg - 0.3) < 0.02, "content rotation 0.3 deg measured %.3f",
	       r.rot_deg);

	render_defaults(&o);
	o.cards = 0;
	rejects(&t, &o, "no card", "empty scanner bed");
	render_defaults(&o);
	o.cards = 2;
	rejects(&t, &o, "2 cards", "two cards");
	render_defaults(&o);
	rejects(&blank, &o, "mark unreadable", "card with no marks");
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
