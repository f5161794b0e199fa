/* Advisory locks held for the length of a run (flock): the kernel drops a
 * lock when its holder exits, however it exits, so a killed bench never
 * leaves one behind. The file says who holds it, for the one that is
 * refused. */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What the lock file says of its holder, one line, into buf. */
static void holder(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (!buf[0])
		snprintf(buf, len, "another process (it has not written its name yet)");
}

/* Opens path for locking, made by whichever user comes first. */
static int open_lock(const char *path)
{
	/* O_CLOEXEC: a simulator bench starts must not inherit the lock and
	 * keep it after bench is gone. */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EACCES) /* made by another user: locking needs no write */
		fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd >= 0 && fstat(fd, &sb) == 0 && sb.st_uid == geteuid())
		fchmod(fd, 0666); /* whoever runs next may be another user */
	return fd;
}

/* Whether fd is still the file at path: a holder unlinks it on release,
 * and a lock taken on the unlinked file would lock nothing. */
static int still_there(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int lock_take(struct lock *l, const char *path, const char *who, struct err *e)
{
	l->held = 0;
	snprintf(l->path, sizeof l->path, "%s", path);
	for (int tries = 0; tries < 100; tries++) {
		l->fd = open_lock(path);
		if (l->fd < 0)
			return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
		if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
			int err = errno;
			char h[512];
			holder(l->fd, h, sizeof h);
			close(l->fd);
			if (err == EWOULDBLOCK)
				return err_set(e, EXIT_USAGE, "in use by %s (lock %s)", h, path);
			return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(err));
		}
		if (still_there(l->fd, path)) {
			l->held = 1;
			time_t t = time(NULL);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(l->since, sizeof l->since, "%Y-%m-%dT%H:%M:%SZ", &tm);
			lock_note(l, who);
			return 0;
		}
		close(l->fd); /* released and removed meanwhile: take the new one */
	}
	return err_set(e, EXIT_USAGE, "%s: replaced 100 times while taking it", path);
}

void lock_note(struct lock *l, const char *who)
{
	if (!l->held)
		return;
	char line[600];
	int n =
	    snprintf(line, sizeof line, "pid %ld, %s, since %s\n", (long)getpid(), who, l->since);
	/* Best effort: a lock file another user made read-only still locks, it
	 * just cannot say who holds it. */
	if (ftruncate(l->fd, 0) != 0 || pwrite(l->fd, line, (size_t)n, 0) != n)
		return;
}

void lock_release(struct lock *l)
{
	if (!l->held)
		return;
	/* Removed while still held, so nothing is left behind; one who opened
	 * it meanwhile sees it gone (still_there) and takes a new one. Best
	 * effort: in a sticky /run/lock only its maker may remove it, and a
	 * file left behind is simply taken as it is by the next run. */
	(void)unlink(l->path);
	close(l->fd); /* drops the flock */
	l->held = 0;
}
