/* How the run's evidence files grow: fd_append_at for records and lines
 * written with write(2), and trace.log's mapped window (internal.h). The
 * window is there for speed: a write(2) per trace line cost 3-3.6 us of
 * kernel time, the largest single part of what an APDU costs bench over the
 * bare exchange (docs/perf.md "Profile round"); a copy into a mapped page
 * puts the line in the same page cache. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <unistd.h>

/* Zeros written past the last line: 64 kB is some 200 lines, so growing
 * the window (two system calls) is rare, and a killed run leaves at most
 * this many zero bytes behind its last line. */
#define WINDOW (64 * 1024)
/* Address space mapped at once, most of it past the file's end (never
 * touched there: that would be SIGBUS). The window grows inside it with no
 * new mapping: an mmap and a munmap each 64 kB cost ~70 us on a run's
 * critical path, the munmap's TLB shootdown also interrupting the other
 * CPU, where pcscd may be running the next exchange. */
#define ROOM (8 * 1024 * 1024)

int fd_append_at(int fd, off_t *size, const void *buf, size_t n, int sync)
{
	struct stat sb;
	if (*size < 0 && fstat(fd, &sb))
		return -1;
	if (*size < 0)
		*size = sb.st_size;
	const char *p = buf;
	size_t want = n;
	ssize_t k = 0;
	while (n && ((k = write(fd, p, n)) > 0 || (k < 0 && errno == EINTR)))
		if (k > 0)
			p += k, n -= (size_t)k;
	if (!n && (!sync || !fsync(fd))) {
		*size += (off_t)want;
		return 0;
	}
	int err = k == 0 ? ENOSPC : errno;
	int cut = ftruncate(fd, *size); /* a full disk still lets a file shrink */
	(void)cut;
	errno = err;
	return -1;
}

/* Filesystems where the window's zeros, once written, hold the blocks a
 * store into the window later fills, through writeback and after it: a
 * full disk fails the zeros' write(2), which the writer answers with
 * write(2)s of its lines, never a store that cannot be backed (SIGBUS).
 * Elsewhere (NFS, FUSE, a copy-on-write filesystem, which needs new blocks
 * for each rewrite) no window. */
static int reserves(int fd)
{
	struct statfs s;
	if (fstatfs(fd, &s))
		return 0;
	switch ((unsigned long)s.f_type) {
	case EXT4_SUPER_MAGIC:
	case XFS_SUPER_MAGIC:
	case TMPFS_MAGIC:
		return 1;
	default:
		return 0;
	}
}

/* A store into the window after another process cut trace.log short
 * (truncate(1), a hand or a forger under the run) is a SIGBUS. The store
 * that meets it is ended with an error, not bench: the run then bails out
 * as on a full disk (exit 3, the reason in every report). The signal's
 * only way to the store is a pointer of the storing thread's own. */
struct guard {
	sigjmp_buf jb;
	const char *lo, *hi; /* the bytes being stored */
};
static _Thread_local struct guard *guarded;
static pthread_once_t sigbus_once = PTHREAD_ONCE_INIT;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	struct guard *g = guarded;
	const char *a = si->si_addr;
	if (g && a >= g->lo && a < g->hi)
		siglongjmp(g->jb, 1);
	signal(sig, SIG_DFL); /* not a store of a window: it kills bench as before */
}

static void catch_sigbus(void)
{
	/* SA_NODEFER: the jump out of the handler leaves SIGBUS unblocked, so a
	 * later cut is caught too (sigsetjmp saving the mask costs a system
	 * call per line). */
	struct sigaction sa = {.sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO | SA_NODEFER};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

int tfile_open(struct tfile *f, const char *path)
{
	*f = (struct tfile){.size = -1};
	/* Read and write: a shared mapping for stores needs both. O_APPEND
	 * places the write(2)s once the window is given up. */
	f->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (f->fd < 0)
		return -1;
	f->no_map = !reserves(f->fd);
	if (!f->no_map)
		pthread_once(&sigbus_once, catch_sigbus);
	return 0;
}

off_t tfile_size(struct tfile *f)
{
	struct stat sb;
	if (f->size < 0 && !fstat(f->fd, &sb)) /* bench resume cut it after the open */
		f->size = sb.st_size;
	return f->size;
}

/* Appends n zero bytes (the fd is O_APPEND): the pages they fill are in
 * the page cache, dirty, with their blocks reserved, so a store into them
 * later needs neither a read fault nor an allocation. */
static int put_zeros(int fd, off_t n)
{
	static const char zero[16384];
	struct iovec v[8];
	for (int i = 0; i < 8; i++)
		v[i] = (struct iovec){(void *)zero, sizeof zero};
	while (n > 0) {
		int k = 0;
		for (off_t left = n; k < 8 && left > 0; k++, left -= (off_t)sizeof zero)
			v[k].iov_len = left < (off_t)sizeof zero ? (size_t)left : sizeof zero;
		ssize_t w = writev(fd, v, k);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			errno = w ? errno : ENOSPC;
			return -1;
		}
		n -= w;
	}
	return 0;
}

/* Faults in the mapping's pages for its bytes [from, to), from a page
 * boundary. */
static void populate(char *map, size_t from, size_t to)
{
#ifdef MADV_POPULATE_WRITE
	/* One call faults the new pages in, rather than a fault per page
	 * (some 11 us each here) in the middle of a test's exchanges. */
	(void)madvise(map + from, to - from, MADV_POPULATE_WRITE);
#else
	(void)map, (void)from, (void)to;
#endif
}

/* -1 (EIO) when the file is shorter than the window made for it: another
 * process cut it. The window is then given up and the file left as found:
 * the lines it lost are gone, and zeros grown back over them would hide it. */
static int cut_short(struct tfile *f)
{
	struct stat sb;
	if (fstat(f->fd, &sb) || sb.st_size >= f->map_off + (off_t)f->map_len)
		return 0;
	munmap(f->map, f->map_room);
	f->map = NULL;
	f->no_map = f->cut = 1;
	f->size = sb.st_size;
	errno = EIO;
	return -1;
}

/* Room for n bytes and WINDOW more, written as zeros, in the mapping: the
 * one there while they fit in its address space, else a new one from the
 * page that holds the file's end. (fallocate reserved the room as well,
 * but each page then came in through a read fault: 11 us a page here.) */
static int window(struct tfile *f, size_t n)
{
	if (tfile_size(f) < 0)
		return -1;
	/* The file's length: the window's end, else its lines. Not less: the
	 * zeros to come would land where a cut left the file's end. */
	if (f->map && cut_short(f))
		return -1;
	off_t end = f->map ? f->map_off + (off_t)f->map_len : f->size;
	if (f->map && (size_t)(f->size - f->map_off) + n + WINDOW > f->map_room) {
		munmap(f->map, f->map_room);
		f->map = NULL;
	}
	off_t page = sysconf(_SC_PAGESIZE);
	off_t off = f->map ? f->map_off : f->size - f->size % page;
	size_t len = (size_t)(f->size - off) + n + WINDOW;
	if (put_zeros(f->fd, off + (off_t)len - end))
		return -1;
	if (!f->map) {
		size_t room = len > ROOM ? len : ROOM;
		void *m = mmap(NULL, room, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, off);
		if (m == MAP_FAILED)
			return -1;
		f->map = m, f->map_off = off, f->map_len = 0, f->map_room = room;
	}
	populate(f->map, f->map_len - f->map_len % (size_t)page, len);
	f->map_len = len;
	return 0;
}

static int store(struct tfile *f, const void *buf, size_t n)
{
	char *to = f->map + (f->size - f->map_off);
	struct guard g = {.lo = to, .hi = to + n};
	if (sigsetjmp(g.jb, 0)) { /* the page is gone: the file was cut */
		guarded = NULL;
		cut_short(f);
		errno = EIO;
		return -1;
	}
	guarded = &g;
	atomic_signal_fence(memory_order_seq_cst); /* set before the store */
	memcpy(to, buf, n);
	atomic_signal_fence(memory_order_seq_cst);
	guarded = NULL;
	return 0;
}

int tfile_append(struct tfile *f, const void *buf, size_t n)
{
	int fits = f->map && f->size + (off_t)n <= f->map_off + (off_t)f->map_len;
	if (!f->no_map && !fits && window(f, n) && tfile_settle(f))
		return -1;
	if (f->no_map)
		return fd_append_at(f->fd, &f->size, buf, n, 0);
	if (store(f, buf, n))
		return -1;
	f->size += (off_t)n;
	return 0;
}

int tfile_settle(struct tfile *f)
{
	/* Cut earlier, or now: a cut no store met, inside the window's last page */
	if (f->cut || (f->map && cut_short(f)))
		return errno = EIO, -1;
	int rc = 0;
	if (f->map) {
		munmap(f->map, f->map_room);
		f->map = NULL;
	}
	/* The zeros are there whether or not the mapping was made. */
	if (!f->no_map && f->size >= 0 && ftruncate(f->fd, f->size))
		rc = -1;
	f->no_map = 1;
	return rc;
}

int tfile_close(struct tfile *f)
{
	int rc = tfile_settle(f), err = errno;
	close(f->fd);
	errno = err;
	return rc;
}
