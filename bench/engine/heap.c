/* A suite's Lua heap (engine.h): Lua's allocator with a cap, and a free
 * list per 16-byte size up to HEAP_POOLED bytes. Each APDU makes a result
 * table, its node array and the answer's hex, which Lua frees a few
 * hundred APDUs later; malloc and free of them showed at ~0.4 us of an
 * APDU in bench/perf/profile, a list's pop and push next to nothing.
 * The lists keep at most HEAP_KEPT bytes (a suite that frees 256 MB of
 * small strings must not leave them held, class after class); blocks on
 * them go back to malloc when the state is closed. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static int pooled(size_t n)
{
	return n > 0 && n <= HEAP_POOLED;
}

static size_t class_of(size_t n)
{
	return (n - 1) / HEAP_STEP;
}

/* What a block of n bytes on its class's list really holds. */
static size_t block_size(size_t n)
{
	return (class_of(n) + 1) * HEAP_STEP;
}

/* A block of at least n bytes: from its list, else from malloc at the
 * list's size so that it can go on that list when freed. */
static void *take(struct heap *h, size_t n)
{
	if (!pooled(n))
		return malloc(n);
	void **top = &h->free[class_of(n)];
	void *p = *top;
	if (!p)
		return malloc(block_size(n));
	memcpy(top, p, sizeof p); /* the next block, kept in the block's first bytes */
	h->kept -= block_size(n);
	return p;
}

/* Block p that Lua knows as n bytes (it may be larger: see heap_alloc). */
static void put(struct heap *h, void *p, size_t n)
{
	if (!p)
		return;
	if (!pooled(n) || h->kept + block_size(n) > HEAP_KEPT) {
		free(p);
		return;
	}
	void **top = &h->free[class_of(n)];
	memcpy(p, top, sizeof *top);
	*top = p;
	h->kept += block_size(n);
}

/* Lua assumes a block that shrinks never fails to: when no smaller block
 * can be had, the larger one stays, known to Lua (and later to put) by its
 * new size. */
void *heap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct heap *h = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		put(h, ptr, old);
		h->used -= old;
		return NULL;
	}
	if (nsize > old && nsize - old > SUITE_HEAP_MAX - h->used)
		return NULL;
	void *p;
	if (ptr && !pooled(old) && !pooled(nsize))
		p = realloc(ptr, nsize);
	else if (ptr && pooled(nsize) && pooled(old) && class_of(old) == class_of(nsize))
		p = ptr;
	else if ((p = take(h, nsize)) != NULL && ptr) {
		memcpy(p, ptr, old < nsize ? old : nsize);
		put(h, ptr, old);
	}
	if (!p && ptr && nsize <= old)
		p = ptr;
	if (p)
		h->used = h->used - old + nsize;
	return p;
}

void heap_close(struct heap *h)
{
	for (size_t c = 0; c < HEAP_CLASSES; c++)
		while (h->free[c]) {
			void *p = h->free[c];
			memcpy(&h->free[c], p, sizeof p);
			free(p);
		}
	h->kept = 0;
}
