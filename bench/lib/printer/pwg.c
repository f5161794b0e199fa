/* PWG Raster (PWG 5102.4) through libcupsimage: the one document format
 * IPP Everywhere requires of every printer (PWG 5100.14 §4.2), so bench
 * can print on a printer that takes neither PNG nor PDF. */
#include <cups/raster.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"

static const char MEDIA[] = "iso_id-1_85.6x54mm";

/* An 8-bit page of w x h pixels at dpi, sgray_8 or srgb_8. */
static int page_header(cups_page_header2_t *h, int w, int h_px, int dpi, const char *type,
                       struct err *e)
{
	pwg_media_t *m = pwgMediaForPWG(MEDIA);
	if (!m || !cupsRasterInitPWGHeader(h, m, type, dpi, dpi, "one-sided", NULL))
		return err_set(e, EXIT_BAIL, "PWG raster header: %s", cupsRasterErrorString());
	h->cupsWidth = (unsigned)w;
	h->cupsHeight = (unsigned)h_px;
	h->cupsBytesPerLine = h->cupsWidth * h->cupsBitsPerPixel / 8;
	return 0;
}

/* Writes rows from row(i, buf) into path (atomic via rename). */
static int write_page(const char *path, cups_page_header2_t *h,
                      void (*row)(const void *, unsigned, unsigned char *), const void *arg,
                      struct err *e)
{
	char part[4200];
	snprintf(part, sizeof part, "%s.part", path);
	int fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, EXIT_BAIL, "%s: cannot create", part);
	cups_raster_t *r = cupsRasterOpen(fd, CUPS_RASTER_WRITE_PWG);
	unsigned char *buf = malloc(h->cupsBytesPerLine);
	int ok = r && buf && cupsRasterWriteHeader2(r, h);
	for (unsigned y = 0; ok && y < h->cupsHeight; y++) {
		row(arg, y, buf);
		ok = cupsRasterWritePixels(r, buf, h->cupsBytesPerLine) == h->cupsBytesPerLine;
	}
	free(buf);
	if (r)
		cupsRasterClose(r);
	if (close(fd) != 0 || !ok || rename(part, path) != 0) {
		unlink(part);
		return err_set(e, EXIT_BAIL, "%s: cannot write PWG raster", path);
	}
	return 0;
}

static void grey_row(const void *arg, unsigned y, unsigned char *buf)
{
	const struct img *im = arg;
	memcpy(buf, im->px + (size_t)y * (size_t)im->w, (size_t)im->w);
}

int img_save_pwg(const char *path, const struct img *im, struct err *e)
{
	cups_page_header2_t h;
	int dpi = im->dpi > 0 ? (int)(im->dpi + 0.5) : 600;
	if (page_header(&h, im->w, im->h, dpi, "sgray_8", e) != 0)
		return -1;
	return write_page(path, &h, grey_row, im, e);
}

/* The colour card: an ink rectangle 10/242.6 of the card in from each edge
 * (the PDF card's, printerlib.card_pdf), white around it. */
struct card {
	unsigned w, h, mx, my;
	unsigned char rgb[3];
};

static void card_row(const void *arg, unsigned y, unsigned char *buf)
{
	const struct card *c = arg;
	int in_y = y >= c->my && y < c->h - c->my;
	for (unsigned x = 0; x < c->w; x++) {
		int ink = in_y && x >= c->mx && x < c->w - c->mx;
		for (int k = 0; k < 3; k++)
			buf[3 * x + (unsigned)k] = ink ? c->rgb[k] : 255;
	}
}

int pwg_save_card(const char *path, int dpi, const unsigned char rgb[3], struct err *e)
{
	cups_page_header2_t h;
	if (dpi < 72 || dpi > 2400)
		return err_set(e, EXIT_USAGE, "PWG card: %d dpi (72..2400)", dpi);
	struct card c = {.w = (unsigned)(85.6 / 25.4 * dpi + 0.5),
	                 .h = (unsigned)(54.0 / 25.4 * dpi + 0.5)};
	c.mx = c.w * 10 / 243, c.my = c.h * 10 / 153;
	memcpy(c.rgb, rgb, 3);
	if (page_header(&h, (int)c.w, (int)c.h, dpi, "srgb_8", e) != 0)
		return -1;
	return write_page(path, &h, card_row, &c, e);
}

int pwg_is_grey(const char *path)
{
	cups_page_header2_t h;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	cups_raster_t *r = cupsRasterOpen(fd, CUPS_RASTER_READ);
	int grey = r && cupsRasterReadHeader2(r, &h) && h.cupsColorSpace == CUPS_CSPACE_SW;
	if (r)
		cupsRasterClose(r);
	close(fd);
	return grey;
}

int img_load_pwg(const char *path, struct img *im, struct err *e)
{
	cups_page_header2_t h;
	memset(im, 0, sizeof *im);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, EXIT_USAGE, "%s: cannot open", path);
	cups_raster_t *r = cupsRasterOpen(fd, CUPS_RASTER_READ);
	int rc = -1;
	if (!r || !cupsRasterReadHeader2(r, &h)) {
		err_set(e, EXIT_USAGE, "%s: not PWG raster (%s)", path, cupsRasterErrorString());
	} else if (h.cupsBitsPerColor != 8 ||
	           (h.cupsColorSpace != CUPS_CSPACE_SW && h.cupsColorSpace != CUPS_CSPACE_SRGB)) {
		err_set(e, EXIT_USAGE,
		        "%s: PWG raster of %u bits in colour space %d: sgray_8 or "
		        "srgb_8 only",
		        path, h.cupsBitsPerColor, (int)h.cupsColorSpace);
	} else if (img_new(im, (int)h.cupsWidth, (int)h.cupsHeight, 255, e) == 0) {
		unsigned n = h.cupsColorSpace == CUPS_CSPACE_SRGB ? 3 : 1;
		unsigned char *buf = malloc(h.cupsBytesPerLine);
		rc = buf ? 0 : err_set(e, EXIT_BAIL, "out of memory");
		for (unsigned y = 0; rc == 0 && y < h.cupsHeight; y++) {
			if (cupsRasterReadPixels(r, buf, h.cupsBytesPerLine) != h.cupsBytesPerLine)
				rc = err_set(e, EXIT_USAGE, "%s: PWG raster ends at line %u", path,
				             y);
			for (unsigned x = 0; rc == 0 && x < h.cupsWidth; x++) {
				const unsigned char *p = buf + (size_t)x * n;
				/* Rec. 601 luma of sRGB: what a grey scan of the card sees. */
				im->px[(size_t)y * h.cupsWidth + x] =
				    n == 1
				        ? p[0]
				        : (unsigned char)((299 * p[0] + 587 * p[1] + 114 * p[2]) /
				                          1000);
			}
		}
		free(buf);
		im->dpi = h.HWResolution[0];
		if (rc != 0)
			img_free(im);
	}
	if (r)
		cupsRasterClose(r);
	close(fd);
	return rc;
}
