/* Unit tests of bench/engine/heap.c, a suite's Lua allocator: a freed block
 * comes back for its size's class, a block keeps its place while its size
 * stays in the class and moves with its bytes when not, large blocks keep
 * their bytes through realloc, the cap holds, every byte freed is counted
 * off, the lists keep at most HEAP_KEPT bytes, and heap_close empties them
 * (the ASan build's leak check sees a block it misses). Prints TAP. */
#include <string.h>

#include "bench/engine/engine.h"
#include "tap.h"

static int all(const unsigned char *p, int v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_classes(struct heap *h)
{
	void *p = heap_alloc(h, NULL, LUA_TTABLE, 56);
	tap_ok(p && h->used == 56, "a new block of 56 bytes is counted");
	heap_alloc(h, p, 56, 0);
	tap_ok(h->used == 0, "freeing it counts it off");
	void *q = heap_alloc(h, NULL, LUA_TSTRING, 60);
	tap_ok(q == p, "a block of 60 bytes (the same 16-byte class) is the one freed");
	tap_ok(heap_alloc(h, q, 60, 64) == q && h->used == 64, "growing within the class keeps it");
	memset(q, 0xAB, 64);
	unsigned char *r = heap_alloc(h, q, 64, 200);
	tap_ok(r && r != q && all(r, 0xAB, 64) && h->used == 200,
	       "growing to another class moves it with its bytes");
	void *s = heap_alloc(h, NULL, LUA_TSTRING, 49);
	tap_ok(s == q, "and the block it left is on its class's list");
	memset(r, 0xCD, 200);
	unsigned char *t = heap_alloc(h, r, 200, 20);
	tap_ok(t && all(t, 0xCD, 20) && h->used == 49 + 20, "shrinking keeps the first bytes");
	heap_alloc(h, t, 20, 0);
	heap_alloc(h, s, 49, 0);
	tap_ok(h->used == 0, "every block freed: nothing counted");
}

static void test_large(struct heap *h)
{
	unsigned char *b = heap_alloc(h, NULL, LUA_TSTRING, 4096);
	memset(b, 0x5A, 4096);
	b = heap_alloc(h, b, 4096, 100000);
	tap_ok(b && all(b, 0x5A, 4096) && h->used == 100000, "a large block grows with its bytes");
	b = heap_alloc(h, b, 100000, 300);
	tap_ok(b && all(b, 0x5A, 300) && h->used == 300, "and shrinks into a class with them");
	heap_alloc(h, b, 300, 0);
	tap_ok(h->used == 0, "freed: nothing counted");
}

static void test_cap(struct heap *h)
{
	void *p = heap_alloc(h, NULL, LUA_TSTRING, 1000);
	tap_ok(heap_alloc(h, NULL, LUA_TSTRING, SUITE_HEAP_MAX) == NULL && h->used == 1000,
	       "past SUITE_HEAP_MAX an allocation fails, and nothing is counted");
	tap_ok(heap_alloc(h, p, 1000, SUITE_HEAP_MAX + 1) == NULL && h->used == 1000,
	       "so does growing a block past it");
	heap_alloc(h, p, 1000, 0);
}

/* 8 MB of 16-byte blocks freed: the lists keep 4 MB, malloc gets the rest. */
static void test_kept(struct heap *h)
{
	enum { N = 8 << 20 >> 4 };
	static void *b[N];
	for (size_t i = 0; i < N; i++)
		b[i] = heap_alloc(h, NULL, LUA_TSTRING, 16);
	for (size_t i = 0; i < N; i++)
		heap_alloc(h, b[i], 16, 0);
	tap_ok(h->used == 0 && h->kept == HEAP_KEPT, "8 MB of small blocks freed: %zu bytes kept",
	       h->kept);
}

int main(void)
{
	struct heap h = {0};
	test_classes(&h);
	test_large(&h);
	test_cap(&h);
	test_kept(&h);
	heap_close(&h);
	size_t left = 0;
	for (size_t c = 0; c < HEAP_CLASSES; c++)
		left += h.free[c] != NULL;
	tap_ok(left == 0, "heap_close empties every list");
	return tap_done();
}
