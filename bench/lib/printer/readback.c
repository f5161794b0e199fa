/* What a measured scan says beyond geometry: which card it is (the code
 * cells) and how fine the printer printed (the line-pair patches). Both
 * sample the scan through reg_map, so they follow the printed geometry. */
#include "printer.h"

#include <math.h>
#include <stdio.h>

#define MM_PER_IN 25.4

/* Mean grey of the middle of a code cell (away from its neighbours). */
static double cell_grey(const struct img *s, const struct reg_result *r, int i)
{
	double x0 = REG_CODE_X_MM + i * REG_CODE_CELL_MM, y0 = REG_CODE_Y_MM, v = 0;
	int n = 0;
	for (int b = 0; b <= 8; b++)
		for (int a = 0; a <= 4; a++) {
			double px, py;
			reg_map(r, x0 + REG_CODE_CELL_MM * (0.3 + 0.1 * a),
			        y0 + REG_CODE_H_MM * (0.2 + 0.075 * b), &px, &py);
			v += img_sample(s, px, py, 0);
			n++;
		}
	return v / n;
}

void reg_read_serial(const struct img *scan, struct reg_result *r)
{
	double t = (r->paper + r->ink) / 2, band = (r->paper - r->ink) / 4;
	unsigned long long word = 0;
	for (int i = 0; i < REG_CODE_CELLS; i++) {
		double v = cell_grey(scan, r, i);
		if (fabs(v - t) < band) {
			snprintf(r->serial_err, sizeof r->serial_err,
			         "card serial unreadable: code cell %d is grey %.0f, neither card "
			         "(%.0f) nor ink (%.0f)",
			         i + 1, v, r->paper, r->ink);
			return;
		}
		if (v < t)
			word |= 1ull << i;
	}
	unsigned long long serial = word & ((1ull << REG_SERIAL_BITS) - 1);
	if (reg_code_word(serial) != word) {
		snprintf(r->serial_err, sizeof r->serial_err,
		         "card serial unreadable: code cells %012llx fail their CRC", word);
		return;
	}
	r->serial = serial;
	r->serial_ok = 1;
}

/* Amplitude (grey levels) of the fundamental of a line-pair patch's profile
 * across its lines, each profile point averaged along the lines. An integer
 * number of periods, 8 samples each, keeps the DFT free of leakage. */
static double amplitude(const struct img *s, const struct reg_result *r, int patch, double period,
                        int across_x)
{
	const double m = 0.5, len = REG_LP_SIZE_MM - 2 * m;
	double x0 = REG_LP_X_MM + 7 * patch, y0 = REG_LP_Y_MM, re = 0, im = 0;
	int n = (int)(len / period) * 8;
	for (int k = 0; k < n; k++) {
		double u = m + k * period / 8, acc = 0;
		int cnt = 0;
		for (double w = m; w <= REG_LP_SIZE_MM - m; w += 0.05, cnt++) {
			double px, py;
			if (across_x)
				reg_map(r, x0 + u, y0 + w, &px, &py);
			else
				reg_map(r, x0 + w, y0 + u, &px, &py);
			acc += img_sample(s, px, py, 0);
		}
		re += acc / cnt * cos(2 * M_PI * k / 8);
		im += acc / cnt * sin(2 * M_PI * k / 8);
	}
	return n ? 2 * hypot(re, im) / n : 0;
}

int reg_lines(const struct img *scan, const struct reg_result *r, double lp_dpi,
              struct reg_lines *out, struct err *e)
{
	out->lp_dpi = lp_dpi;
	if (lp_dpi < 100 || r->dpi < 2 * lp_dpi)
		return err_set(e, EXIT_FAILED,
		               "a %g dpi scan cannot show %g dpi line pairs: it needs >= %g dpi",
		               r->dpi, lp_dpi, 2 * lp_dpi);
	double fine = 2 * MM_PER_IN / lp_dpi, coarse = REG_LP_COARSE * fine;
	out->fine_x = amplitude(scan, r, 0, fine, 1);
	out->fine_y = amplitude(scan, r, 1, fine, 0);
	out->coarse_x = amplitude(scan, r, 2, coarse, 1);
	out->coarse_y = amplitude(scan, r, 3, coarse, 0);
	/* A square wave of full contrast has a fundamental of 2/pi of it. */
	double full = 2 / M_PI * (r->paper - r->ink);
	if (out->coarse_x < 0.3 * full || out->coarse_y < 0.3 * full)
		return err_set(e, EXIT_FAILED,
		               "line-pair reference patches not printed: amplitude %.0f / %.0f of "
		               "a full %.0f grey levels",
		               out->coarse_x, out->coarse_y, full);
	out->mtf_x = out->fine_x / out->coarse_x;
	out->mtf_y = out->fine_y / out->coarse_y;
	return 0;
}
