/* bench/lib/printer/img.c: a PNG save/load round trip of the registration
 * target (bench/lib/printer/register.c draws it), and files that are not a
 * readable PNG, each an error naming the file. Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/lib/printer/printer.h"
#include "tap.h"

static void bad_file(const char *dir, const char *name, const void *b, size_t len)
{
	char p[4200];
	struct img im;
	struct err e = {0};
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	if (len)
		fwrite(b, 1, len, f);
	fclose(f);
	int rc = img_load_png(p, &im, &e);
	tap_ok(rc != 0 && strstr(e.msg, p), "%s -> error naming the file: %s", name, e.msg);
	unlink(p);
}

int main(void)
{
	struct img t;
	struct err e = {0};
	if (reg_target(&t, 600, 0, &e) != 0) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	/* Save/load round trip keeps pixels and dpi. */
	char dir[] = "/tmp/test_img.XXXXXX", p[4200];
	if (!mkdtemp(dir))
		return 1;
	snprintf(p, sizeof p, "%s/t.png", dir);
	struct img back;
	int rc = img_save_png(p, &t, &e) == 0 && img_load_png(p, &back, &e) == 0;
	tap_ok(rc && back.dpi == 600 && back.w == t.w && back.h == t.h &&
	           memcmp(back.px, t.px, (size_t)t.w * (size_t)t.h) == 0,
	       "PNG round trip %dx%d at %g dpi", back.w, back.h, back.dpi);
	FILE *f = fopen(p, "rb");
	static unsigned char buf[1 << 20];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	bad_file(dir, "empty.png", "", 0);
	bad_file(dir, "truncated.png", buf, len / 2);
	bad_file(dir, "text.png", "hello, not a png\n", 17);
	memset(buf + 100, 0x5a, 200);
	bad_file(dir, "corrupt.png", buf, len);
	img_free(&back);
	unlink(p);
	rmdir(dir);
	img_free(&t);
	return tap_done();
}
