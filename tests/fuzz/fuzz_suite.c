/* Suite loading (bench/engine/suite.c suite_load): any bytes as a suite file
 * either declare tests (each with an id, title and clause) or fail with a
 * message, and never crash, leak or hang. A precompiled chunk is refused
 * before it runs (Lua does not check bytecode).
 *
 * Loading runs the chunk, and Lua can do anything: the fuzzer must not
 * delete files or sleep for a day. So text input gets a one-line preamble
 * (the input's line 1 continues it: line numbers stay) that removes os, io,
 * require, load..., debug, string.rep and bench, and sets an instruction
 * budget after which every instruction raises an error (a pcall cannot
 * catch its way out). Memory is capped by suite_load itself
 * (SUITE_HEAP_MAX). Input that starts like a binary chunk is loaded as it
 * is: it must be refused. */
#include <stdlib.h>
#include <string.h>

#include "bench/engine/engine.h"
#include "fuzz.h"
#include "memfile.h"

static const char preamble[] =
    "do local h = debug.sethook; h(function() h(function() error('budget', 0) end, '', 1) "
    "error('fuzz: instruction budget spent', 0) end, '', 1000000) end "
    "os, io, require, dofile, loadfile, load, package, collectgarbage, debug, bench = nil; "
    "string.rep = nil; ";

static int valid_id(const char *id)
{
	return *id && strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789_.:-") == strlen(id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int binary = size > 0 && data[0] == 0x1B;
	size_t pl = binary ? 0 : sizeof preamble - 1;
	uint8_t *text = malloc(pl + size + 1);
	if (!text)
		return 0;
	memcpy(text, preamble, pl);
	if (size)
		memcpy(text + pl, data, size);
	struct memfile m;
	int opened = memfile_open(&m, text, pl + size);
	free(text);
	if (opened < 0)
		return 0;
	struct suite s;
	struct err e = {0};
	if (suite_load(m.path, NULL, &s, &e) == 0) {
		FUZZ_CHECK(!binary);
		FUZZ_CHECK(s.ntests > 0 && s.tests && s.L);
		for (size_t i = 0; i < s.ntests; i++) {
			FUZZ_CHECK(s.tests[i].id && valid_id(s.tests[i].id));
			FUZZ_CHECK(s.tests[i].title && s.tests[i].clause);
			for (size_t k = 0; k < i; k++)
				FUZZ_CHECK(strcmp(s.tests[k].id, s.tests[i].id) != 0);
		}
		FUZZ_CHECK(suites_unique(&s, 1, &e) == 0);
		suite_free(&s);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0' && e.code == EXIT_USAGE);
	}
	memfile_close(&m);
	return 0;
}
