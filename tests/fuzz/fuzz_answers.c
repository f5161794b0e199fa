/* Answers file (bench/engine/answers.c): loads into a map of scalars or fails
 * naming file:line, whatever the nesting (ynode's depth limit); a loaded file
 * has only well-formed keys and no number that is not finite. */
#include <math.h>
#include <stdlib.h>

#include "bench/engine/engine.h"
#include "fuzz.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memfile m;
	if (memfile_open(&m, data, size) < 0)
		return 0;
	struct answers a;
	struct err e = {0};
	if (answers_load(m.path, &a, &e) == 0) {
		FUZZ_CHECK(a.root && a.root->kind == YN_MAP);
		for (size_t i = 0; i < a.root->nkids; i++) {
			const struct ynode *n = &a.root->kids[i];
			FUZZ_CHECK(n->kind == YN_SCALAR && n->key);
			FUZZ_CHECK(answers_get(&a, n->key) != NULL);
			FUZZ_CHECK(answer_key_ok(n->key));
			char *end;
			double v = strtod(n->str, &end);
			FUZZ_CHECK(!n->str[0] || *end || isfinite(v));
			long l;
			double d;
			int b;
			ynode_int(n, "answer", &l, &e);
			ynode_num(n, "answer", &d, &e);
			ynode_bool(n, "answer", &b, &e);
		}
		answers_free(&a);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0');
	}
	memfile_close(&m);
	return 0;
}
