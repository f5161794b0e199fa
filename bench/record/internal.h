/* Shared inside bench/record, not part of its face (record.h). */
#ifndef BENCH_RECORD_INTERNAL_H
#define BENCH_RECORD_INTERNAL_H

#include <sys/types.h>

#include "record.h"

/* trace.log as a file that grows by whole lines (append.c). On a local
 * filesystem that does not copy on write (ext4, xfs, tmpfs) a line is
 * copied into a window of the file mapped MAP_SHARED, zeros written ahead
 * of it to hold the space: the copy is in the page cache, as a write(2)
 * would have put it, without a system call. While a window is mapped the
 * file is longer than its lines and ends in zero bytes (docs/evidence.md
 * "trace.log while a run writes it"); tfile_settle cuts it back to them.
 * Elsewhere, or once a window cannot be had (a full disk, a file size
 * limit), every line is a write(2) (fd_append_at). One writer at a time
 * (the trace's lock). */
struct tfile {
	int fd;
	off_t size;      /* bytes of whole lines; -1: not known yet */
	char *map;       /* address space for the file from map_off on, or NULL */
	off_t map_off;   /* page-aligned */
	size_t map_len;  /* bytes of it inside the file: [map_off, map_off + map_len) */
	size_t map_room; /* the mapping's length (past the file's end: untouched) */
	int no_map;      /* write(2) from now on */
	int cut;         /* found shorter than its window: cut by another process */
};

/* Opens (creates) path to be appended to: 0, or -1 with errno set. */
int tfile_open(struct tfile *f, const char *path);
/* Appends n bytes whole, or writes nothing and returns -1 with errno set;
 * f->cut set when the file was found cut short under the window (another
 * process truncated it): the file is then left as it was found. */
int tfile_append(struct tfile *f, const void *buf, size_t n);
/* Unmaps the window and cuts the file back to its lines; later lines are
 * write(2)s. -1 with errno set when the file could not be cut back (the
 * zero bytes stay, and no line may follow them) or was found cut short
 * (f->cut, EIO: left as found). */
int tfile_settle(struct tfile *f);
/* Bytes of whole lines in the file (what a sync must cover); -1 unknown. */
off_t tfile_size(struct tfile *f);
/* tfile_settle's work and close; -1 with errno set when the cut failed. */
int tfile_close(struct tfile *f);

#endif
