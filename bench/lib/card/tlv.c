/* BER-TLV reading. Card answers are untrusted: every length is checked
 * against what remains before it is used. */
#include <string.h>

#include "card.h"

static int read_tag(const unsigned char *b, size_t n, size_t *pos, struct tlv *t, struct err *e)
{
	size_t p = *pos;
	unsigned tag = b[p++];
	t->constructed = (tag & 0x20) != 0;
	if ((tag & 0x1F) == 0x1F) {
		/* Subsequent bytes have b8 set while more follow (8825-1 §8.1.2.4). */
		int more;
		do {
			if (p >= n)
				return err_set(e, EXIT_USAGE,
				               "TLV truncated: tag at offset %zu ends early", *pos);
			if (p - *pos >= 3)
				return err_set(e, EXIT_USAGE,
				               "TLV tag at offset %zu longer than 3 bytes", *pos);
			more = b[p] & 0x80;
			tag = (tag << 8) | b[p++];
		} while (more);
	}
	t->tag = tag;
	*pos = p;
	return 0;
}

static int read_len(const unsigned char *b, size_t n, size_t *pos, size_t *len, struct err *e)
{
	size_t p = *pos;
	if (p >= n)
		return err_set(e, EXIT_USAGE, "TLV truncated: length missing at offset %zu", p);
	unsigned c = b[p++];
	if (c < 0x80) {
		*len = c;
	} else {
		unsigned k = c & 0x7F;
		if (k == 0 || k > 3)
			return err_set(e, EXIT_USAGE,
			               "TLV length byte %02X at offset %zu: indefinite or over 3 "
			               "bytes (7816-4 §5.2)",
			               c, p - 1);
		if (n - p < k)
			return err_set(e, EXIT_USAGE,
			               "TLV truncated: %u length bytes announced at offset %zu", k,
			               p - 1);
		size_t v = 0;
		for (unsigned i = 0; i < k; i++)
			v = (v << 8) | b[p++];
		*len = v;
	}
	*pos = p;
	return 0;
}

int tlv_next(const unsigned char *b, size_t n, size_t *pos, struct tlv *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	while (*pos < n && (b[*pos] == 0x00 || b[*pos] == 0xFF))
		(*pos)++;
	if (*pos >= n)
		return 0;
	t->off = *pos;
	size_t p = *pos;
	if (read_tag(b, n, &p, t, e) < 0 || read_len(b, n, &p, &t->len, e) < 0)
		return -1;
	if (t->len > n - p)
		return err_set(
		    e, EXIT_USAGE,
		    "TLV %X at offset %zu: length %zu runs past the end (%zu bytes left)", t->tag,
		    t->off, t->len, n - p);
	t->hdr = p - t->off;
	t->val = b + p;
	*pos = p + t->len;
	return 0;
}

static int walk(const unsigned char *b, size_t n, int depth, unsigned want, struct tlv *out,
                struct err *e)
{
	if (depth > TLV_MAX_DEPTH)
		return err_set(e, EXIT_USAGE, "TLV nested deeper than %d levels", TLV_MAX_DEPTH);
	size_t pos = 0;
	struct tlv t;
	for (;;) {
		if (tlv_next(b, n, &pos, &t, e) < 0)
			return -1;
		if (t.tag == 0)
			return 0;
		if (want && t.tag == want) {
			*out = t;
			return 1;
		}
		if (t.constructed) {
			int r = walk(t.val, t.len, depth + 1, want, out, e);
			if (r < 0)
				return err_prefix(e, "inside %X", t.tag);
			if (r > 0)
				return 1;
		}
	}
}

int tlv_check(const unsigned char *b, size_t n, struct err *e)
{
	struct tlv t;
	return walk(b, n, 0, 0, &t, e) < 0 ? -1 : 0;
}

int tlv_find(const unsigned char *b, size_t n, unsigned tag, struct tlv *out, struct err *e)
{
	return walk(b, n, 0, tag, out, e);
}

int tlv_fci(const unsigned char *b, size_t n, struct fci *f, struct err *e)
{
	memset(f, 0, sizeof *f);
	size_t pos = 0;
	struct tlv t;
	if (tlv_next(b, n, &pos, &t, e) < 0)
		return -1;
	if ((t.tag >= 0x80 && t.tag <= 0x8F) || (t.tag >= 0xA0 && t.tag <= 0xAF)) {
		f->bare = 1; /* the objects without 6F: walk the whole answer */
		t.val = b, t.len = n, pos = n;
	}
	if (t.tag != 0x6F && !f->bare)
		return err_set(e, EXIT_USAGE,
		               "FCI must be template 6F or its objects (80-8F, A0-AF), got %X "
		               "(7816-4 §7.1.1, §7.4.1)",
		               t.tag);
	if (pos != n)
		return err_set(e, EXIT_USAGE, "FCI: %zu bytes after the 6F template", n - pos);
	if (tlv_check(t.val, t.len, e) < 0)
		return err_prefix(e, f->bare ? "FCI objects" : "FCI 6F");
	struct tlv x;
	size_t p = 0;
	for (;;) {
		if (tlv_next(t.val, t.len, &p, &x, e) < 0)
			return -1;
		if (x.tag == 0)
			break;
		if (x.tag == 0x84 && !f->df_name) {
			if (x.len < 1 || x.len > 16)
				return err_set(e, EXIT_USAGE,
				               "FCI DF name (84) is %zu bytes, must be 1..16",
				               x.len);
			f->df_name = x.val;
			f->df_name_len = x.len;
		} else if (x.tag == 0xA5 && !f->prop) {
			f->prop = x.val;
			f->prop_len = x.len;
		}
	}
	return 0;
}
