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

int tfile_open(struct tfile *f, const char *path)
{
	*f = (struct tfile){.size = -1};
	/* Read and write: a shared mapping for stores needs both. O_APPEND
	 * places the write(2)s once the window is given up. */
	f->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (f->fd < 0)
		return -1;
	f->no_map = !reserves(f->fd);
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

/* Room for n bytes and WINDOW more, written as zeros, in the mapping: the
 * one there while they fit in its address space, else a new one from the
 * page that holds the file's end. (fallocate reserved the room as well,
 * but each page then came in through a read fault: 11 us a page here.) */
static int window(struct tfile *f, size_t n)
{
	if (tfile_size(f) < 0)
		return -1;
	/* The file's length: the window's end, else its lines. */
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

int tfile_append(struct tfile *f, const void *buf, size_t n)
{
	int fits = f->map && f->size + (off_t)n <= f->map_off + (off_t)f->map_len;
	if (!f->no_map && !fits && window(f, n) && tfile_settle(f))
		return -1;
	if (f->no_map)
		return fd_append_at(f->fd, &f->size, buf, n, 0);
	memcpy(f->map + (f->size - f->map_off), buf, n);
	f->size += (off_t)n;
	return 0;
}

int tfile_settle(struct tfile *f)
{
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
