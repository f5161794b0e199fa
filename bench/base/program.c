/* Where a program of ours is: the simulators' and drivers' helpers are
 * built beside bench, in whichever variant (normal, ASan) is running, so
 * their path is found from /proc/self/exe, not from $PATH. */
#include "base.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void program_path(const char *env, const char *rel, char *buf, size_t len)
{
	const char *over = env ? getenv(env) : NULL;
	char exe[PATH_MAX];
	if (over) {
		snprintf(buf, len, "%s", over);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (snprintf(buf, len, "%s/%s", exe, rel) >= (int)len)
		buf[0] = '\0';
}
