#include "memfile.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int memfile_open(struct memfile *m, const uint8_t *data, size_t n)
{
	m->fd = memfd_create("fuzz", MFD_CLOEXEC);
	if (m->fd < 0)
		return -1;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(m->fd, data + off, n - off);
		if (w <= 0) {
			close(m->fd);
			return -1;
		}
		off += (size_t)w;
	}
	snprintf(m->path, sizeof m->path, "/proc/self/fd/%d", m->fd);
	return 0;
}

void memfile_close(struct memfile *m)
{
	close(m->fd);
}
