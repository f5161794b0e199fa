/* Which document a printer gets: RFC 8011 §4.2.1.1 lets a printer refuse
 * a document-format it does not list (client-error-document-format-not-
 * supported), and IPP Everywhere (PWG 5100.14 §4.2) requires PWG raster
 * only, so a conformant printer may take none of bench's PNG targets. */
#include <stdio.h>
#include <string.h>

#include "ipp_io.h"

static int takes(const char (*formats)[64], int n, const char *f)
{
	for (int i = 0; i < n; i++)
		if (strcmp(formats[i], f) == 0)
			return 1;
	return 0;
}

int ipp_doc(const char (*formats)[64], int n, const char *file, const char *format, const char *dir,
            char *path, size_t cap, const char **out_format, struct err *e)
{
	const char *f = format ? format : ipp_guess_format(file);
	snprintf(path, cap, "%s", file);
	*out_format = f;
	/* application/octet-stream: the printer tells the format itself. */
	if (n == 0 || takes(formats, n, f) || takes(formats, n, "application/octet-stream"))
		return 0;
	if (strcmp(f, "image/png") == 0 && takes(formats, n, "image/pwg-raster")) {
		struct img im;
		const char *base = strrchr(file, '/');
		if ((size_t)snprintf(path, cap, "%s/%s.pwg", dir, base ? base + 1 : file) >= cap)
			return err_set(e, EXIT_USAGE, "print: path too long: %s", file);
		if (img_load_png(file, &im, e) != 0)
			return -1;
		int rc = img_save_pwg(path, &im, e);
		img_free(&im);
		*out_format = "image/pwg-raster";
		return rc;
	}
	char list[512] = "";
	for (int i = 0, k = 0; i < n && k < (int)sizeof list; i++)
		k += snprintf(list + k, sizeof list - (size_t)k, "%s%s", i ? ", " : "", formats[i]);
	return err_set(e, EXIT_USAGE, "the printer takes no %s (document-format-supported: %s)", f,
	               list);
}
