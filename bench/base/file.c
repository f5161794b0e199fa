/* Small files that others wait for (a simulator's port, a pty's name):
 * written beside, then renamed over, so a reader sees the whole text or no
 * file, never half of it. */
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_replace(const char *path, const char *text, struct err *e)
{
	char tmp[4200];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return err_set(e, EXIT_USAGE, "%s: path too long", path);
	FILE *f = fopen(tmp, "w");
	int bad = !f;
	if (f) {
		bad = fputs(text, f) < 0;
		bad |= fclose(f) != 0; /* closed even when the write failed */
	}
	if (bad || rename(tmp, path)) {
		int err = errno;
		if (f)
			unlink(tmp);
		return err_set(e, EXIT_BAIL, "%s: %s", path, strerror(err));
	}
	return 0;
}

int mkdir_p(const char *path)
{
	char p[4096];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) && errno != EEXIST)
				return -1;
			*s = '/';
		}
	return mkdir(p, 0755) && errno != EEXIST ? -1 : 0;
}
