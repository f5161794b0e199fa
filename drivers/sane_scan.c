/* sane-scan: one scan through the SANE C API, in a process of its own.
 * SANE calls block (sane_open of a network scanner that does not answer,
 * sane_read of a stalled transfer) and libsane keeps global state, so the
 * driver (drivers/sane_io.c) runs each scan here and kills the process when
 * its deadline passes: an abandoned process cannot hurt the run, an
 * abandoned thread inside libsane could. It reports each step on stdout,
 * one line each, which the driver traces:
 *     device NAME\tVENDOR\tMODEL\tTYPE
 *     option NAME VALUE          (as read back after setting it)
 *     params PIXELS LINES DEPTH FORMAT
 *     done BYTES DPI
 *     error STEP: WHY            (exit 1)
 * usage: sane-scan DEVICE-GLOB RESOLUTION MODE TLX TLY BRX BRY OUT.png
 *        (area in mm; - for the device's default) */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sane/sane.h>

#include "bench/lib/printer/printer.h"

static int fail(const char *step, const char *why)
{
	printf("error %s: %s\n", step, why);
	return 1;
}

static const SANE_Device *pick(const char *glob, char *why, size_t len)
{
	const SANE_Device **list = NULL;
	SANE_Status st = sane_get_devices(&list, SANE_FALSE);
	size_t n = 0;
	if (st != SANE_STATUS_GOOD) {
		snprintf(why, len, "%s", sane_strstatus(st));
		return NULL;
	}
	for (size_t i = 0; list[i]; i++)
		if (fnmatch(glob, list[i]->name, 0) == 0)
			return list[i];
	n += (size_t)snprintf(why, len, "no SANE device matches '%s' (found:", glob);
	for (size_t i = 0; list[i] && n < len; i++)
		n += (size_t)snprintf(why + n, len - n, " %s", list[i]->name);
	if (n < len)
		snprintf(why + n, len - n, "%s)", list[0] ? "" : " none");
	return NULL;
}

static int find(SANE_Handle h, const char *name)
{
	SANE_Int n = 0;
	if (sane_control_option(h, 0, SANE_ACTION_GET_VALUE, &n, NULL) != SANE_STATUS_GOOD)
		return -1;
	for (int i = 1; i < n; i++) {
		const SANE_Option_Descriptor *d = sane_get_option_descriptor(h, i);
		if (d && d->name && !strcmp(d->name, name))
			return i;
	}
	return -1;
}

/* Sets option name to val (a number or a string, per its type), reads it
 * back and reports it; the value read back into got (numbers). */
static int set_opt(SANE_Handle h, const char *name, const char *val, double *got)
{
	int i = find(h, name);
	char why[256];
	if (i < 0) {
		snprintf(why, sizeof why, "the device has no option %s", name);
		return fail("option", why);
	}
	const SANE_Option_Descriptor *d = sane_get_option_descriptor(h, i);
	char buf[256] = {0};
	SANE_Word w = 0;
	void *v = d->type == SANE_TYPE_STRING ? (void *)buf : (void *)&w;
	if (val && d->type == SANE_TYPE_STRING)
		snprintf(buf, sizeof buf, "%s", val);
	else if (val && d->type == SANE_TYPE_FIXED)
		w = SANE_FIX(atof(val));
	else if (val)
		w = (SANE_Word)atol(val);
	SANE_Status st =
	    val ? sane_control_option(h, i, SANE_ACTION_SET_VALUE, v, NULL) : SANE_STATUS_GOOD;
	if (st == SANE_STATUS_GOOD)
		st = sane_control_option(h, i, SANE_ACTION_GET_VALUE, v, NULL);
	if (st != SANE_STATUS_GOOD) {
		snprintf(why, sizeof why, "%s = %s: %s", name, val ? val : "?", sane_strstatus(st));
		return fail("option", why);
	}
	double num = d->type == SANE_TYPE_FIXED ? SANE_UNFIX(w) : (double)w;
	if (d->type == SANE_TYPE_STRING)
		printf("option %s %s\n", name, buf);
	else
		printf("option %s %g\n", name, num);
	if (got)
		*got = num;
	return 0;
}

/* Reads the frame into im (8-bit grey; RGB is averaged); bytes read. */
static int acquire(SANE_Handle h, struct img *im, long *bytes)
{
	SANE_Parameters p;
	SANE_Status st = sane_start(h);
	if (st != SANE_STATUS_GOOD)
		return fail("start", sane_strstatus(st));
	if ((st = sane_get_parameters(h, &p)) != SANE_STATUS_GOOD)
		return fail("parameters", sane_strstatus(st));
	int rgb = p.format == SANE_FRAME_RGB;
	printf("params %d %d %d %s\n", p.pixels_per_line, p.lines, p.depth, rgb ? "rgb" : "gray");
	if (p.depth != 8 || (!rgb && p.format != SANE_FRAME_GRAY) || p.lines <= 0)
		return fail("parameters", "only single-frame 8-bit grey or RGB of known length");
	struct err e = {0};
	size_t total = (size_t)p.bytes_per_line * (size_t)p.lines, have = 0;
	unsigned char *raw = malloc(total);
	if (!raw || img_new(im, p.pixels_per_line, p.lines, 255, &e) != 0) {
		free(raw);
		return fail("read", "out of memory");
	}
	SANE_Int n = 0;
	while (have < total &&
	       (st = sane_read(h, raw + have,
	                       (SANE_Int)(total - have > 65536 ? 65536 : total - have), &n)) ==
	           SANE_STATUS_GOOD)
		have += (size_t)n;
	*bytes = (long)have;
	if (st != SANE_STATUS_GOOD && st != SANE_STATUS_EOF)
		return free(raw), fail("read", sane_strstatus(st));
	if (have < total)
		return free(raw), fail("read", "the scanner sent less than one frame");
	for (int y = 0; y < p.lines; y++)
		for (int x = 0; x < p.pixels_per_line; x++) {
			const unsigned char *s = raw + (size_t)y * (size_t)p.bytes_per_line;
			im->px[(size_t)y * (size_t)im->w + (size_t)x] =
			    rgb ? (unsigned char)((s[3 * x] + s[3 * x + 1] + s[3 * x + 2]) / 3)
			        : s[x];
		}
	free(raw);
	return 0;
}

static int scan(SANE_Handle h, char **a)
{
	static const char *const area[] = {"tl-x", "tl-y", "br-x", "br-y"};
	double dpi = 0;
	if (set_opt(h, "resolution", a[1], &dpi) || set_opt(h, "mode", a[2], NULL))
		return 1;
	for (int i = 0; i < 4; i++)
		if (set_opt(h, area[i], strcmp(a[3 + i], "-") ? a[3 + i] : NULL, NULL))
			return 1;
	struct img im = {0};
	long bytes = 0;
	struct err e = {0};
	if (acquire(h, &im, &bytes))
		return 1;
	im.dpi = dpi;
	int rc = img_save_png(a[7], &im, &e);
	img_free(&im);
	if (rc)
		return fail("save", e.msg);
	printf("done %ld %g\n", bytes, dpi);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 9)
		return fprintf(stderr, "usage: sane-scan DEVICE-GLOB RESOLUTION MODE TLX TLY BRX "
		                       "BRY OUT.png\n"),
		       2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	SANE_Int version;
	SANE_Status st = sane_init(&version, NULL);
	if (st != SANE_STATUS_GOOD)
		return fail("init", sane_strstatus(st));
	char why[1024];
	const SANE_Device *d = pick(argv[1], why, sizeof why);
	if (!d)
		return fail("devices", why);
	printf("device %s\t%s\t%s\t%s\n", d->name, d->vendor, d->model, d->type);
	SANE_Handle h;
	if ((st = sane_open(d->name, &h)) != SANE_STATUS_GOOD)
		return fail("open", sane_strstatus(st));
	int rc = scan(h, argv + 1);
	sane_cancel(h);
	sane_close(h);
	sane_exit();
	return rc;
}
