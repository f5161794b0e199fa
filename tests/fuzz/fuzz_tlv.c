/* BER-TLV and FCI parser (bench/lib/card/tlv.c), as a suite reaches it with a card's
 * answer: every value it hands back lies inside the buffer. */
#include "bench/lib/card/card.h"
#include "fuzz.h"

static void in_buf(const uint8_t *b, size_t n, const unsigned char *p, size_t len)
{
	FUZZ_CHECK(p >= b && len <= n && (size_t)(p - b) <= n - len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = {0};
	size_t pos = 0;
	struct tlv t;
	for (int i = 0; i < 4096; i++) {
		size_t before = pos;
		if (tlv_next(data, size, &pos, &t, &e) < 0 || t.tag == 0)
			break;
		FUZZ_CHECK(pos > before && pos <= size);
		in_buf(data, size, t.val, t.len);
	}
	int good = tlv_check(data, size, &e) == 0;
	static const unsigned tags[] = {0x6F, 0x84, 0xA5, 0x88, 0x9F0C, 0xBF0C, 0x50};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		int r = tlv_find(data, size, tags[i], &t, &e);
		if (good)
			FUZZ_CHECK(r >= 0);
		if (r == 1) {
			FUZZ_CHECK(t.tag == tags[i]);
			in_buf(data, size, t.val, t.len);
		}
	}
	struct fci f;
	if (tlv_fci(data, size, &f, &e) == 0) {
		if (f.df_name) {
			in_buf(data, size, f.df_name, f.df_name_len);
			FUZZ_CHECK(f.df_name_len >= 1 && f.df_name_len <= 16);
		}
		if (f.prop)
			in_buf(data, size, f.prop, f.prop_len);
	}
	return 0;
}
