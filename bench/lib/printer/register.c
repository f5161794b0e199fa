/* Registration measurement. Coordinates: pixel i has its centre at i; mm =
 * px / (dpi / 25.4). See printer.h for what is measured. */
#include "printer.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MM_PER_IN 25.4

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

/* Bright 4-connected regions; find_card returns the label of the one card. */
struct blob {
	int x0, y0, x1, y1;
	size_t area;
};

/* Pixels to start a row span from; may hold one pixel more than once. */
struct seeds {
	size_t *v, n, cap;
};

static int seed(struct seeds *q, size_t i)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 4096;
		size_t *v = realloc(q->v, cap * sizeof *v);
		if (!v)
			return -1;
		q->v = v, q->cap = cap;
	}
	q->v[q->n++] = i;
	return 0;
}

static int fillable(const struct img *s, const int32_t *lab, double t, size_t i)
{
	return !lab[i] && s->px[i] > t;
}

/* Seeds a span of row `row` from x = l to r: the first pixel of each run of
 * fillable pixels in it. */
static int seed_row(const struct img *s, const int32_t *lab, double t, size_t row, size_t l,
                    size_t r, struct seeds *q)
{
	for (size_t x = l; x <= r; x++)
		if (fillable(s, lab, t, row + x) && (x == l || !fillable(s, lab, t, row + x - 1)) &&
		    seed(q, row + x) < 0)
			return -1;
	return 0;
}

/* Labels the region of start with id, a row span at a time: the pixels a
 * pixel-by-pixel fill labels, read in row order (a scan at 1200 dpi has 17 M
 * of them; a fill that jumps a row per step spent most of its time waiting
 * for memory). */
static int flood(const struct img *s, int32_t *lab, double t, int32_t id, size_t start,
                 struct seeds *q, struct blob *b)
{
	size_t w = (size_t)s->w;
	b->x0 = b->y0 = INT32_MAX;
	b->x1 = b->y1 = -1;
	b->area = 0;
	q->n = 0;
	if (seed(q, start) < 0)
		return -1;
	while (q->n) {
		size_t i = q->v[--q->n];
		if (lab[i])
			continue;
		size_t y = i / w, row = y * w, l = i - row, r = l;
		while (l > 0 && fillable(s, lab, t, row + l - 1))
			l--;
		while (r + 1 < w && fillable(s, lab, t, row + r + 1))
			r++;
		for (size_t x = l; x <= r; x++)
			lab[row + x] = id;
		b->area += r - l + 1;
		b->x0 = (int)l < b->x0 ? (int)l : b->x0;
		b->x1 = (int)r > b->x1 ? (int)r : b->x1;
		b->y0 = (int)y < b->y0 ? (int)y : b->y0;
		b->y1 = (int)y > b->y1 ? (int)y : b->y1;
		if ((y > 0 && seed_row(s, lab, t, row - w, l, r, q) < 0) ||
		    (y + 1 < (size_t)s->h && seed_row(s, lab, t, row + w, l, r, q) < 0))
			return -1;
	}
	return 0;
}

static int find_card(const struct img *s, double t, double ppmm, int32_t *lab, int32_t *card,
                     struct blob *cb, struct err *e)
{
	size_t n = (size_t)s->w * (size_t)s->h;
	struct seeds q = {0};
	double want = REG_CARD_W_MM * REG_CARD_H_MM * ppmm * ppmm;
	int32_t id = 0;
	int cards = 0;
	for (size_t i = 0; i < n; i++) {
		struct blob b;
		if (!fillable(s, lab, t, i))
			continue;
		if (flood(s, lab, t, ++id, i, &q, &b) < 0) {
			free(q.v);
			return err_set(e, EXIT_BAIL, "out of memory");
		}
		if (b.area < 0.3 * want)
			continue;
		if (++cards == 1) {
			*card = id;
			*cb = b;
		}
	}
	free(q.v);
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

/* Each mark's offset from nominal, measured from the card edges nearest to it. */
static void mark_offsets(const struct frame *f, const double *cx, const double *cy,
                         struct reg_result *r)
{
	double m = REG_FID_MARGIN_MM * f->ppmm;
	for (int i = 0; i < 4; i++) {
		int xs = (i & 1) ? RIGHT : LEFT, ys = (i & 2) ? BOTTOM : TOP;
		double ex = edge_dist(&f->edge[xs], xs, cx[i], cy[i]) - m;
		double ey = edge_dist(&f->edge[ys], ys, cx[i], cy[i]) - m;
		r->dx[i] = (xs == LEFT ? ex : -ex) / f->ppmm;
		r->dy[i] = (ys == TOP ? ey : -ey) / f->ppmm;
		r->mx[i] = cx[i], r->my[i] = cy[i];
	}
}

/* The bilinear interpolation of per-mark values v at card point (x, y) mm;
 * outside the marks it extrapolates. */
static double bilinear(const double v[4], double x, double y)
{
	double x0, y0, x1, y1;
	reg_fiducial(0, &x0, &y0);
	reg_fiducial(3, &x1, &y1);
	double s = (x - x0) / (x1 - x0), t = (y - y0) / (y1 - y0);
	return (1 - s) * (1 - t) * v[0] + s * (1 - t) * v[1] + (1 - s) * t * v[2] + s * t * v[3];
}

void reg_map(const struct reg_result *r, double x_mm, double y_mm, double *px, double *py)
{
	*px = bilinear(r->mx, x_mm, y_mm);
	*py = bilinear(r->my, x_mm, y_mm);
}

/* The worst displacement towards each side over the whole card, and the
 * field's affine part at the card centre as geometry. */
static void geometry(struct reg_result *r)
{
	double W = REG_CARD_W_MM, H = REG_CARD_H_MM, x0, y0, x1, y1;
	reg_fiducial(0, &x0, &y0);
	reg_fiducial(3, &x1, &y1);
	r->left = r->right = r->up = r->down = -HUGE_VAL;
	for (int i = 0; i < 4; i++) {
		double x = (i & 1) ? W : 0, y = (i & 2) ? H : 0;
		r->corner_dx[i] = bilinear(r->dx, x, y);
		r->corner_dy[i] = bilinear(r->dy, x, y);
		r->right = fmax(r->right, r->corner_dx[i]);
		r->left = fmax(r->left, -r->corner_dx[i]);
		r->down = fmax(r->down, r->corner_dy[i]);
		r->up = fmax(r->up, -r->corner_dy[i]);
	}
	const double *dx = r->dx, *dy = r->dy;
	double lx = x1 - x0, ly = y1 - y0;
	double a = (dx[1] - dx[0] + dx[3] - dx[2]) / (2 * lx),
	       b = (dx[2] - dx[0] + dx[3] - dx[1]) / (2 * ly);
	double c = (dy[1] - dy[0] + dy[3] - dy[2]) / (2 * lx),
	       d = (dy[2] - dy[0] + dy[3] - dy[1]) / (2 * ly);
	r->tx = bilinear(dx, W / 2, H / 2);
	r->ty = bilinear(dy, W / 2, H / 2);
	r->rot_deg = atan2(c, 1 + a) * 180 / M_PI;
	r->shear_deg = atan2(b, 1 + d) * 180 / M_PI + r->rot_deg;
	r->scale_x = hypot(1 + a, c);
	r->scale_y = hypot(b, 1 + d);
	/* The s*t term of the field, at the corners. */
	double cs = fabs(-x0 / lx - 0.5) * fabs(-y0 / ly - 0.5);
	r->twist_mm =
	    fmax(fabs(dx[0] - dx[1] - dx[2] + dx[3]), fabs(dy[0] - dy[1] - dy[2] + dy[3])) * cs;
}

/* Grey at (x, y) px averaged over 3x3 pixels. */
static double grey3(const struct img *s, double x, double y)
{
	double v = 0;
	for (int j = -1; j <= 1; j++)
		for (int i = -1; i <= 1; i++)
			v += img_sample(s, x + i, y + j, 0);
	return v / 9;
}

static int card_size(const struct frame *f, struct reg_result *r, struct err *e)
{
	double ppmm = f->ppmm;
	double mx = f->ox + (REG_CARD_W_MM / 2) * ppmm * f->ux + (REG_CARD_H_MM / 2) * ppmm * f->vx;
	double my = f->oy + (REG_CARD_W_MM / 2) * ppmm * f->uy + (REG_CARD_H_MM / 2) * ppmm * f->vy;
	r->card_w =
	    (edge_dist(&f->edge[LEFT], LEFT, mx, my) + edge_dist(&f->edge[RIGHT], RIGHT, mx, my)) /
	    ppmm;
	r->card_h =
	    (edge_dist(&f->edge[TOP], TOP, mx, my) + edge_dist(&f->edge[BOTTOM], BOTTOM, mx, my)) /
	    ppmm;
	r->skew_deg = atan2(f->uy, f->ux) * 180 / M_PI;
	if (fabs(r->card_w - REG_CARD_W_MM) > 1.5 || fabs(r->card_h - REG_CARD_H_MM) > 1.5)
		return err_set(e, EXIT_FAILED,
		               "card in scan measures %.2f x %.2f mm, not ID-1 %.2f x %.2f "
		               "(wrong scan dpi?)",
		               r->card_w, r->card_h, REG_CARD_W_MM, REG_CARD_H_MM);
	return 0;
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
	if (scan_levels(scan, &lv, e) != 0 || card_frame(scan, &lv, ppmm, &f, e) != 0 ||
	    card_size(&f, r, e) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		if (find_fid(scan, &f, &lv, i, &cx[i], &cy[i], e) != 0)
			return -1;
	r->dpi = dpi;
	r->paper = lv.hi;
	for (int i = 0; i < 4; i++)
		r->ink += grey3(scan, cx[i], cy[i]) / 4;
	mark_offsets(&f, cx, cy, r);
	geometry(r);
	reg_read_serial(scan, r);
	return 0;
}
