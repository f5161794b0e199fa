/* TAP escaping (bench/base/diag.c yaml_quote, bench/record/tap.c tap_escape)
 * and XML text (bench/base/xmlesc.c xml_putn): whatever a device answers or a
 * suite writes, the YAML diagnostic stays one valid YAML scalar (checked by
 * parsing it back with libyaml), a test-point description stays one line of
 * valid UTF-8 with no control character and no unescaped '#', and XML text
 * is valid UTF-8 with no character XML 1.0 forbids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/record/record.h"
#include "fuzz.h"

/* Valid UTF-8 with no NUL: such text must come back from YAML unchanged
 * (invalid bytes are escaped as \xNN, which YAML reads as code points). */
static int plain_utf8(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t l = s[i] < 0x80             ? 1
		           : (s[i] & 0xE0) == 0xC0 ? 2
		           : (s[i] & 0xF0) == 0xE0 ? 3
		           : (s[i] & 0xF8) == 0xF0 ? 4
		                                   : 0;
		if (s[i] == 0 || l == 0 || l > n - i)
			return 0;
		unsigned cp = l == 1 ? s[i] : s[i] & (0x3F >> (l - 1));
		for (size_t k = 1; k < l; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < min[l] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += l;
	}
	return 1;
}

static void check_yaml(const uint8_t *data, size_t size)
{
	struct sbuf b = {0};
	sb_add(&b, "k: ", 3);
	yaml_quote(&b, (const char *)data, size);
	sb_add(&b, "\n", 1);
	FUZZ_CHECK(!b.oom);
	struct err e = {0};
	struct ynode *root = ynode_load_buf("quoted", b.s, b.len, &e);
	if (!root)
		fprintf(stderr, "yaml_quote output does not parse: %s\n", e.msg);
	FUZZ_CHECK(root != NULL);
	const struct ynode *k = ynode_get(root, "k");
	FUZZ_CHECK(k && k->kind == YN_SCALAR && k->quoted);
	if (plain_utf8(data, size))
		FUZZ_CHECK(strlen(k->str) == size && memcmp(k->str, data, size) == 0);
	ynode_free(root);
	sb_free(&b);
}

static void check_tap(const uint8_t *data, size_t size)
{
	if (size < 1)
		return;
	size_t len = 1 + data[0] % 64; /* small outputs exercise truncation */
	char in[4096], out[64];
	size_t n = size - 1 < sizeof in - 1 ? size - 1 : sizeof in - 1;
	memcpy(in, data + 1, n);
	in[n] = '\0';
	memset(out, 'Z', sizeof out);
	tap_escape(in, out, len);
	size_t ol = strnlen(out, len);
	FUZZ_CHECK(ol < len);
	FUZZ_CHECK(plain_utf8((const uint8_t *)out, ol));
	for (size_t i = 0; i < ol; i++) {
		unsigned char c = (unsigned char)out[i];
		FUZZ_CHECK(c >= 0x20 && c != 0x7F);
		FUZZ_CHECK(c != 0xC2 || i + 1 >= ol || (unsigned char)out[i + 1] >= 0xA0);
		if (c == '\\') {
			FUZZ_CHECK(i + 1 < ol);
			if (out[i + 1] == 'x')
				FUZZ_CHECK(i + 3 < ol && strchr("0123456789ABCDEF", out[i + 2]) &&
				           strchr("0123456789ABCDEF", out[i + 3]));
			else
				FUZZ_CHECK(out[i + 1] == '\\' || out[i + 1] == '#');
			i++;
		} else {
			FUZZ_CHECK(c != '#');
		}
	}
}

static void check_xml(const uint8_t *data, size_t size)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FUZZ_CHECK(f != NULL);
	xml_putn(f, (const char *)data, size);
	FUZZ_CHECK(fclose(f) == 0);
	FUZZ_CHECK(plain_utf8((const uint8_t *)buf, len));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t' || c == '\r');
		FUZZ_CHECK(c != '<' && c != '>' && c != '"');
		FUZZ_CHECK(!(c == 0xEF && i + 2 < len && (unsigned char)buf[i + 1] == 0xBF &&
		             (unsigned char)buf[i + 2] >= 0xBE));
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_yaml(data, size);
	check_tap(data, size);
	check_xml(data, size);
	return 0;
}
