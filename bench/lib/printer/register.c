/* Registration measurement. Coordinates: pixel i has its centre at i; mm =
 * px / (dpi / 25.4). See register.h for what is measured. */
#include "printer.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MM_PER_IN 25.4

void reg_fiducial(int i, double *x_mm, double *y_mm)
{
	*x_mm = (i & 1) ? REG_CARD_W_MM - REG_FID_MARGIN_MM : REG_FID_MARGIN_MM;
	*y_mm = (i & 2) ? REG_CARD_H_MM - REG_FID_MARGIN_MM : REG_FID_MARGIN_MM;
}

int reg_target(struct img *im, double dpi, struct err *e)
{
	if (dpi < 100 || dpi > 2400)
		return err_set(e, EXIT_USAGE, "registration target: dpi %g out of 100..2400", dpi);
	double ppmm = dpi / MM_PER_IN;
	if (img_new(im, (int)lround(REG_CARD_W_MM * ppmm), (int)lround(REG_CARD_H_MM * ppmm), 255,
	            e) != 0)
		return -1;
	im->dpi = dpi;
	double r = REG_FID_R_MM * ppmm;
	for (int i = 0; i < 4; i++) {
		double fx, fy;
		reg_fiducial(i, &fx, &fy);
		double cx = fx * ppmm, cy = fy * ppmm;
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
	return 0;
}

/* Grey levels of the scan: bed (dark), card (light), threshold between. */
struct levels {
	double lo, hi, t;
};

static int scan_levels(const struct img *s, struct levels *lv, struct err *e)
{
	size_t hist[256] = {0}, n = (size_t)s->w * (size_t)s->h, acc = 0;
	for (size_t i = 0; i < n; i++)
		hist[s->px[i]]++;
	int p5 = -1, p95 = -1;
	for (int v = 0; v < 256; v++) {
		acc += hist[v];
		if (p5 < 0 && acc >= n / 20)
			p5 = v;
		if (p95 < 0 && acc >= n - n / 20)
			p95 = v;
	}
	if (p95 - p5 < 60)
		return err_set(e, EXIT_FAILED,
		               "no card in scan: no contrast between bed and card (grey %d..%d)",
		               p5, p95);
	lv->lo = p5;
	lv->hi = p95;
	lv->t = (p5 + p95) / 2.0;
	return 0;
}

/* Bright 4-connected regions; returns the label of the one card. */
struct blob {
	int x0, y0, x1, y1;
	size_t area;
};

static size_t flood(const struct img *s, int32_t *lab, double t, int32_t id, size_t start,
                    size_t *stack, struct blob *b)
{
	size_t sp = 0, area = 0;
	stack[sp++] = start;
	lab[start] = id;
	b->x0 = b->y0 = INT32_MAX;
	b->x1 = b->y1 = -1;
	while (sp) {
		size_t i = stack[--sp];
		int x = (int)(i % (size_t)s->w), y = (int)(i / (size_t)s->w);
		area++;
		b->x0 = x < b->x0 ? x : b->x0;
		b->x1 = x > b->x1 ? x : b->x1;
		b->y0 = y < b->y0 ? y : b->y0;
		b->y1 = y > b->y1 ? y : b->y1;
		size_t nb[4];
		int k = 0;
		if (x > 0)
			nb[k++] = i - 1;
		if (x < s->w - 1)
			nb[k++] = i + 1;
		if (y > 0)
			nb[k++] = i - (size_t)s->w;
		if (y < s->h - 1)
			nb[k++] = i + (size_t)s->w;
		for (int j = 0; j < k; j++)
			if (!lab[nb[j]] && s->px[nb[j]] > t) {
				lab[nb[j]] = id;
				stack[sp++] = nb[j];
			}
	}
	b->area = area;
	return area;
}

static int find_card(const struct img *s, double t, double ppmm, int32_t *lab, int32_t *card,
                     struct blob *cb, struct err *e)
{
	size_t n = (size_t)s->w * (size_t)s->h;
	size_t *stack = malloc(n * sizeof *stack);
	if (!stack)
		return err_set(e, EXIT_BAIL, "out of memory");
	double want = REG_CARD_W_MM * REG_CARD_H_MM * ppmm * ppmm;
	int32_t id = 0;
	int cards = 0;
	for (size_t i = 0; i < n; i++) {
		struct blob b;
		if (lab[i] || s->px[i] <= t)
			continue;
		if (flood(s, lab, t, ++id, i, stack, &b) < 0.3 * want)
			continue;
		if (++cards == 1) {
			*card = id;
			*cb = b;
		}
	}
	free(stack);
	if (cards == 0)
		return err_set(e, EXIT_FAILED, "no card in scan: no bright region of card size");
	if (cards > 1)
		return err_set(e, EXIT_FAILED, "%d cards in scan: expected exactly one", cards);
	if (cb->area > 1.5 * want)
		return err_set(e, EXIT_FAILED,
		               "card region is %.1fx the size of one card: overlapping cards or "
		               "a light scanner bed",
		               cb->area / want);
	if (cb->x0 == 0 || cb->y0 == 0 || cb->x1 == s->w - 1 || cb->y1 == s->h - 1)
		return err_set(e, EXIT_FAILED, "card touches the scan border: not fully scanned");
	return 0;
}

/* An edge as along = a * across + b (x = a*y + b for left/right). */
struct line {
	double a, b;
};

enum { LEFT, RIGHT, TOP, BOTTOM };

static int px_at(const struct img *s, int side, int along, int across)
{
	return side < TOP ? (int)((size_t)across * (size_t)s->w + (size_t)along)
	                  : (int)((size_t)along * (size_t)s->w + (size_t)across);
}

static int lsq(const double *u, const double *v, const char *keep, int n, struct line *ln)
{
	double su = 0, sv = 0, suu = 0, suv = 0;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (keep[i]) {
			su += u[i], sv += v[i], suu += u[i] * u[i], suv += u[i] * v[i], k++;
		}
	double d = k * suu - su * su;
	if (k < 10 || fabs(d) < 1e-9)
		return -1;
	ln->a = (k * suv - su * sv) / d;
	ln->b = (sv - ln->a * su) / k;
	return 0;
}

static const char *side_name[] = {"left", "right", "top", "bottom"};

/* Threshold crossings along each row (column) in the middle 70 % of the card,
 * fitted with one round of outlier rejection. */
static int fit_edge(const struct img *s, const int32_t *lab, int32_t id, const struct blob *cb,
                    double t, int side, struct line *ln, struct err *e)
{
	int lo = side < TOP ? cb->y0 : cb->x0, hi = side < TOP ? cb->y1 : cb->x1;
	int a0 = side < TOP ? cb->x0 : cb->y0, a1 = side < TOP ? cb->x1 : cb->y1;
	int from = lo + (hi - lo) * 15 / 100, to = hi - (hi - lo) * 15 / 100;
	int step = (side == LEFT || side == TOP) ? 1 : -1, start = step > 0 ? a0 - 1 : a1 + 1;
	int n = 0, cap = to - from + 1;
	double *u = malloc(sizeof(double) * (size_t)cap), *v = malloc(sizeof(double) * (size_t)cap);
	char *keep = malloc((size_t)cap);
	int rc = -1;
	if (!u || !v || !keep) {
		err_set(e, EXIT_BAIL, "out of memory");
		goto out;
	}
	for (int c = from; c <= to; c++) {
		for (int k = start + step; k >= a0 && k <= a1; k += step) {
			int i = px_at(s, side, k, c);
			if (lab[i] != id)
				continue;
			double p0 = s->px[px_at(s, side, k - step, c)], p1 = s->px[i];
			double f = p1 > p0 ? (t - p0) / (p1 - p0) : 0.5;
			u[n] = c, v[n] = (k - step) + step * f, keep[n] = 1, n++;
			break;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		if (lsq(u, v, keep, n, ln) != 0) {
			err_set(e, EXIT_FAILED, "card %s edge not found in scan", side_name[side]);
			goto out;
		}
		for (int i = 0; i < n; i++)
			keep[i] = fabs(v[i] - (ln->a * u[i] + ln->b)) < 1.5;
	}
	rc = 0;
out:
	free(u), free(v), free(keep);
	return rc;
}

/* Signed distance of (x, y) from an edge, positive towards the card inside. */
static double edge_dist(const struct line *ln, int side, double x, double y)
{
	double d = side < TOP ? x - (ln->a * y + ln->b) : y - (ln->a * x + ln->b);
	d /= sqrt(1 + ln->a * ln->a);
	return (side == LEFT || side == TOP) ? d : -d;
}

struct frame {
	struct line edge[4];
	double ox, oy;         /* top-left corner, px */
	double ux, uy, vx, vy; /* card x and y axes, unit vectors */
	double ppmm;
};

static int inside(const struct frame *f, double x, double y, double margin)
{
	for (int s = 0; s < 4; s++)
		if (edge_dist(&f->edge[s], s, x, y) < margin)
			return 0;
	return 1;
}

/* Centroid of fiducial i, px. Fails on a missing, smudged or doubled mark. */
static int find_fid(const struct img *s, const struct frame *f, const struct levels *lv, int i,
                    double *cx, double *cy, struct err *e)
{
	static const char *names[] = {"top-left", "top-right", "bottom-left", "bottom-right"};
	double fx, fy, r = REG_FID_R_MM * f->ppmm, win = 3.0 * f->ppmm;
	reg_fiducial(i, &fx, &fy);
	double nx = f->ox + fx * f->ppmm * f->ux + fy * f->ppmm * f->vx;
	double ny = f->oy + fx * f->ppmm * f->uy + fy * f->ppmm * f->vy;
	int x0 = (int)(nx - win), x1 = (int)(nx + win), y0 = (int)(ny - win), y1 = (int)(ny + win);
	int bx0 = x1, bx1 = x0, by0 = y1, by1 = y0;
	size_t dark = 0;
	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++) {
			if (x < 0 || y < 0 || x >= s->w || y >= s->h || !inside(f, x, y, f->ppmm))
				continue;
			if (s->px[(size_t)y * (size_t)s->w + (size_t)x] >= lv->t)
				continue;
			dark++;
			bx0 = x < bx0 ? x : bx0, bx1 = x > bx1 ? x : bx1;
			by0 = y < by0 ? y : by0, by1 = y > by1 ? y : by1;
		}
	double want = M_PI * r * r;
	if (dark < 0.6 * want || dark > 1.5 * want)
		return err_set(e, EXIT_FAILED,
		               "%s registration mark unreadable: %zu dark px within 3 mm of its "
		               "nominal place, a mark has ~%.0f",
		               names[i], dark, want);
	if (bx1 - bx0 > 2 * r + 4 || by1 - by0 > 2 * r + 4 || bx0 == x0 || by0 == y0 || bx1 == x1 ||
	    by1 == y1)
		return err_set(e, EXIT_FAILED,
		               "%s registration mark unreadable: dark area %dx%d px is not one "
		               "%.1f mm mark",
		               names[i], bx1 - bx0 + 1, by1 - by0 + 1, 2 * REG_FID_R_MM);
	/* Grey-weighted centroid over the mark's box plus a margin: antialiased
	 * edges carry the sub-pixel position. */
	double sw = 0, sx = 0, sy = 0;
	for (int y = by0 - 2; y <= by1 + 2; y++)
		for (int x = bx0 - 2; x <= bx1 + 2; x++) {
			double w = (lv->hi - s->px[(size_t)y * (size_t)s->w + (size_t)x]) / lv->hi;
			w = w < 0 ? 0 : w > 1 ? 1 : w;
			sw += w, sx += w * x, sy += w * y;
		}
	*cx = sx / sw;
	*cy = sy / sw;
	return 0;
}

static int card_frame(const struct img *s, const struct levels *lv, double ppmm, struct frame *f,
                      struct err *e)
{
	size_t n = (size_t)s->w * (size_t)s->h;
	int32_t *lab = calloc(n, sizeof *lab), id = 0;
	struct blob cb = {0, 0, 0, 0, 0};
	int rc = -1;
	if (!lab)
		return err_set(e, EXIT_BAIL, "out of memory");
	if (find_card(s, lv->t, ppmm, lab, &id, &cb, e) != 0)
		goto out;
	for (int side = 0; side < 4; side++)
		if (fit_edge(s, lab, id, &cb, lv->t, side, &f->edge[side], e) != 0)
			goto out;
	double aL = f->edge[LEFT].a, bL = f->edge[LEFT].b, aT = f->edge[TOP].a, bT = f->edge[TOP].b;
	f->ox = (aL * bT + bL) / (1 - aL * aT);
	f->oy = aT * f->ox + bT;
	double th = (atan(f->edge[TOP].a) + atan(f->edge[BOTTOM].a) - atan(f->edge[LEFT].a) -
	             atan(f->edge[RIGHT].a)) /
	            4;
	f->ux = cos(th), f->uy = sin(th), f->vx = -sin(th), f->vy = cos(th);
	f->ppmm = ppmm;
	rc = 0;
out:
	free(lab);
	return rc;
}

int reg_measure(const struct img *scan, double dpi, struct reg_result *r, struct err *e)
{
	struct levels lv = {0, 0, 0};
	struct frame f = {0};
	double cx[4], cy[4];
	memset(r, 0, sizeof *r);
	if (dpi <= 0)
		dpi = scan->dpi;
	if (dpi < 100 || dpi > 2400)
		return err_set(e, EXIT_FAILED, "scan resolution %g dpi unknown or out of 100..2400",
		               dpi);
	double ppmm = dpi / MM_PER_IN;
	if (scan_levels(scan, &lv, e) != 0 || card_frame(scan, &lv, ppmm, &f, e) != 0)
		return -1;
	double mx = f.ox + (REG_CARD_W_MM / 2) * ppmm * f.ux + (REG_CARD_H_MM / 2) * ppmm * f.vx;
	double my = f.oy + (REG_CARD_W_MM / 2) * ppmm * f.uy + (REG_CARD_H_MM / 2) * ppmm * f.vy;
	r->card_w =
	    (edge_dist(&f.edge[LEFT], LEFT, mx, my) + edge_dist(&f.edge[RIGHT], RIGHT, mx, my)) /
	    ppmm;
	r->card_h =
	    (edge_dist(&f.edge[TOP], TOP, mx, my) + edge_dist(&f.edge[BOTTOM], BOTTOM, mx, my)) /
	    ppmm;
	r->skew_deg = atan2(f.uy, f.ux) * 180 / M_PI;
	if (fabs(r->card_w - REG_CARD_W_MM) > 1.5 || fabs(r->card_h - REG_CARD_H_MM) > 1.5)
		return err_set(e, EXIT_FAILED,
		               "card in scan measures %.2f x %.2f mm, not ID-1 %.2f x %.2f "
		               "(wrong scan dpi?)",
		               r->card_w, r->card_h, REG_CARD_W_MM, REG_CARD_H_MM);
	for (int i = 0; i < 4; i++)
		if (find_fid(scan, &f, &lv, i, &cx[i], &cy[i], e) != 0)
			return -1;
	double m = REG_FID_MARGIN_MM * ppmm;
	r->left = ((edge_dist(&f.edge[LEFT], LEFT, cx[0], cy[0]) - m) +
	           (edge_dist(&f.edge[LEFT], LEFT, cx[2], cy[2]) - m)) /
	          2 / ppmm;
	r->right = ((m - edge_dist(&f.edge[RIGHT], RIGHT, cx[1], cy[1])) +
	            (m - edge_dist(&f.edge[RIGHT], RIGHT, cx[3], cy[3]))) /
	           2 / ppmm;
	r->up = ((edge_dist(&f.edge[TOP], TOP, cx[0], cy[0]) - m) +
	         (edge_dist(&f.edge[TOP], TOP, cx[1], cy[1]) - m)) /
	        2 / ppmm;
	r->down = ((m - edge_dist(&f.edge[BOTTOM], BOTTOM, cx[2], cy[2])) +
	           (m - edge_dist(&f.edge[BOTTOM], BOTTOM, cx[3], cy[3]))) /
	          2 / ppmm;
	double rot = 0;
	for (int k = 0; k < 4; k += 2) {
		double dx = cx[k + 1] - cx[k], dy = cy[k + 1] - cy[k];
		rot += atan2(dx * f.vx + dy * f.vy, dx * f.ux + dy * f.uy) / 2;
	}
	r->rot_deg = rot * 180 / M_PI;
	return 0;
}
