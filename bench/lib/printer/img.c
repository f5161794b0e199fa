/* PNG load/save through libpng's simplified API, which reports every decode
 * error as a message instead of longjmp'ing through our frames. */
#include "printer.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A card scan at 1200 dpi is about 4100x2600: anything beyond this is not a scan. */
#define IMG_MAX_SIDE 20000

int img_new(struct img *im, int w, int h, unsigned char fill, struct err *e)
{
	memset(im, 0, sizeof *im);
	if (w <= 0 || h <= 0 || w > IMG_MAX_SIDE || h > IMG_MAX_SIDE)
		return err_set(e, EXIT_USAGE, "image size %dx%d out of range", w, h);
	im->px = malloc((size_t)w * (size_t)h);
	if (!im->px)
		return err_set(e, EXIT_BAIL, "out of memory for a %dx%d image", w, h);
	memset(im->px, fill, (size_t)w * (size_t)h);
	im->w = w;
	im->h = h;
	return 0;
}

void img_free(struct img *im)
{
	free(im->px);
	memset(im, 0, sizeof *im);
}

/* The simplified API does not expose pHYs; read it from the chunk stream. */
static double png_dpi(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char b[8 + 8 + 9 + 4];
	double dpi = 0;
	if (!f)
		return 0;
	if (fread(b, 1, 8, f) != 8)
		goto out;
	for (int n = 0; n < 64; n++) {
		unsigned char h[8];
		if (fread(h, 1, 8, f) != 8)
			break;
		unsigned long len = (unsigned long)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
		if (memcmp(h + 4, "IDAT", 4) == 0)
			break;
		if (memcmp(h + 4, "pHYs", 4) == 0 && len == 9) {
			if (fread(b, 1, 9, f) != 9)
				break;
			unsigned long ppm =
			    (unsigned long)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
			if (b[8] == 1)
				dpi = floor(ppm * 0.0254 + 0.5);
			break;
		}
		if (len > (1ul << 24) || fseek(f, (long)len + 4, SEEK_CUR) != 0)
			break;
	}
out:
	fclose(f);
	return dpi;
}

int img_load_png(const char *path, struct img *im, struct err *e)
{
	struct stat sb;
	png_image pi;
	memset(im, 0, sizeof *im);
	if (stat(path, &sb) != 0)
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (sb.st_size == 0)
		return err_set(e, EXIT_USAGE, "%s: empty file, not a PNG image", path);
	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&pi, path))
		return err_set(e, EXIT_USAGE, "%s: not a readable PNG image: %s", path, pi.message);
	if (pi.width == 0 || pi.height == 0 || pi.width > IMG_MAX_SIDE ||
	    pi.height > IMG_MAX_SIDE) {
		png_image_free(&pi);
		return err_set(e, EXIT_USAGE, "%s: image size %ux%u out of range", path, pi.width,
		               pi.height);
	}
	pi.format = PNG_FORMAT_GRAY;
	if (img_new(im, (int)pi.width, (int)pi.height, 0, e) != 0) {
		png_image_free(&pi);
		return err_prefix(e, "%s", path);
	}
	png_color white = {255, 255, 255};
	if (!png_image_finish_read(&pi, &white, im->px, 0, NULL)) {
		img_free(im);
		return err_set(e, EXIT_USAGE, "%s: corrupt PNG image: %s", path, pi.message);
	}
	im->dpi = png_dpi(path);
	return 0;
}

int img_save_png(const char *path, const struct img *im, struct err *e)
{
	char tmp[4200];
	png_structp p = NULL;
	png_infop info = NULL;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return err_set(e, EXIT_USAGE, "%s: %s", tmp, strerror(errno));
	p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = p ? png_create_info_struct(p) : NULL;
	if (!info || setjmp(png_jmpbuf(p))) {
		png_destroy_write_struct(&p, &info);
		fclose(f);
		unlink(tmp);
		return err_set(e, EXIT_USAGE, "%s: PNG write failed", path);
	}
	png_init_io(p, f);
	png_set_IHDR(p, info, (png_uint_32)im->w, (png_uint_32)im->h, 8, PNG_COLOR_TYPE_GRAY,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (im->dpi > 0) {
		png_uint_32 ppm = (png_uint_32)(im->dpi / 0.0254 + 0.5);
		png_set_pHYs(p, info, ppm, ppm, PNG_RESOLUTION_METER);
	}
	/* Scans are 17 M noisy pixels at 1200 dpi: libpng's adaptive filter
	 * choice (all five filters tried per row) cost more than the deflate;
	 * the Sub filter alone compresses these as well. */
	png_set_compression_level(p, 1);
	png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_write_info(p, info);
	for (int y = 0; y < im->h; y++)
		png_write_row(p, im->px + (size_t)y * (size_t)im->w);
	png_write_end(p, info);
	png_destroy_write_struct(&p, &info);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	}
	return 0;
}

double img_sample(const struct img *im, double x, double y, double out)
{
	double fx = floor(x), fy = floor(y);
	int x0 = (int)fx, y0 = (int)fy;
	double ax = x - fx, ay = y - fy, v = 0;
	for (int j = 0; j < 2; j++)
		for (int i = 0; i < 2; i++) {
			int xi = x0 + i, yj = y0 + j;
			double wgt = (i ? ax : 1 - ax) * (j ? ay : 1 - ay);
			double p = (xi < 0 || yj < 0 || xi >= im->w || yj >= im->h)
			               ? out
			               : im->px[(size_t)yj * (size_t)im->w + (size_t)xi];
			v += wgt * p;
		}
	return v;
}
