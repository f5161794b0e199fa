/* Operator steps: t:ask{key=, prompt=, kind="yesno"|"number", expect=,
 * min=, max=, unit=}. The answers file wins; else a TTY prompt; else SKIP. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <lauxlib.h>

#include "engine.h"
#include "internal.h"

#define WORD_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

static int parse_yesno(const char *s, int *out)
{
	static const char *const yes[] = {"y", "yes", "true", "1", "是", NULL};
	static const char *const no[] = {"n", "no", "false", "0", "否", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

/* Waits for the operator's line; gives up as at EOF on a signal, so a
 * SIGTERM does not wait for someone to answer (interrupt.c). */
static char *read_answer(FILE *tty, char *buf, size_t len)
{
	struct pollfd p = {.fd = fileno(tty), .events = POLLIN};
	while (!run_signal()) {
		int n = poll(&p, 1, 200);
		if (n > 0)
			return fgets(buf, (int)len, tty);
		if (n < 0 && errno != EINTR)
			return NULL;
	}
	return NULL;
}

/* Prompts on the TTY until a valid answer or EOF; returns 0 or -1 (EOF). */
static int prompt_tty(const char *prompt, int yesno, char *buf, size_t len)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty)
		return -1;
	int rc = -1;
	for (;;) {
		fprintf(tty, "\n>>> %s %s ", prompt, yesno ? "[y/n]" : "[number]");
		fflush(tty);
		if (!read_answer(tty, buf, len))
			break;
		buf[strcspn(buf, "\r\n")] = '\0';
		int b;
		double v;
		if (yesno ? parse_yesno(buf, &b) == 0 : num_parse(buf, &v) == 0) {
			rc = 0;
			break;
		}
		fprintf(tty, "    please answer %s\n", yesno ? "y or n" : "with a number");
	}
	fclose(tty);
	return rc;
}

/* Finds the answer text; SKIPs the test (does not return) when none. */
static const char *find_answer(lua_State *L, struct tctx *c, const char *key, const char *prompt,
                               int yesno, char *buf, size_t len)
{
	char full[512];
	snprintf(full, sizeof full, "%s.%s", c->decl->id, key);
	const struct ynode *a = answers_get(c->run->answers, full);
	/* Each answer, with its time and the question it answers, is
	 * evidence: the report lists them. */
	if (a) {
		trace_note(c->run->trace, "operator", "answer %s = %s (answers file) to: %s", full,
		           a->str, prompt);
		return a->str;
	}
	double t0 = run_mono();
	int answered = c->run->interactive && prompt_tty(prompt, yesno, buf, len) == 0;
	lhook_extend(L, run_mono() - t0); /* an operator's time is not the test's */
	if (answered) {
		trace_note(c->run->trace, "operator", "answer %s = %s (at the terminal) to: %s",
		           full, buf, prompt);
		return buf;
	}
	char given[256], why[sizeof c->reason];
	if (answers_of(c->run->answers, c->decl->id, given, sizeof given))
		snprintf(why, sizeof why,
		         "operator step: no answer for %s (the answers file has %s)", full, given);
	else
		snprintf(why, sizeof why, "operator step: no answer for %s", full);
	/* Putting back (t:finally, a rest) that no one answered has not put the
	 * station back: a failure that keeps its marker, not a SKIP that would
	 * end the test as if nothing were left changed. */
	if (lhook_in_cleanup(L))
		luaL_error(L, "%s: the station may be left changed", why);
	c->dir = TAP_SKIP;
	snprintf(c->reason, sizeof c->reason, "%s", why);
	ltest_end(L);
	return NULL;
}

int ltest_ask(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "key");
	lua_getfield(L, 2, "prompt");
	lua_getfield(L, 2, "kind");
	const char *key = luaL_checkstring(L, -3);
	if (!*key || key[strspn(key, WORD_CHARS)])
		return luaL_error(L,
		                  "ask key '%s' must be [A-Za-z0-9_]+ (the answers file's keys "
		                  "are <test id>.<ask key>)",
		                  key);
	const char *prompt = key;
	if (!lua_isnil(L, -2)) {
		luaL_checkstring(L, -2);
		prompt = ltest_text(L, -2);
	}
	const char *kind = luaL_optstring(L, -1, "yesno");
	int yesno = strcmp(kind, "yesno") == 0;
	if (!yesno && strcmp(kind, "number") != 0)
		return luaL_error(L, "ask %s: kind must be yesno or number", key);
	/* expect = true/false, or "yes"/"no": anything else would make the check
	 * vanish silently, so it is an error in the suite, answered or not. */
	int want = -1;
	lua_getfield(L, 2, "expect");
	if (yesno && lua_isboolean(L, -1))
		want = lua_toboolean(L, -1);
	else if (yesno && !lua_isnil(L, -1) &&
	         (lua_type(L, -1) != LUA_TSTRING || parse_yesno(lua_tostring(L, -1), &want)))
		return luaL_error(L, "ask %s: expect must be true or false (or \"yes\"/\"no\")",
		                  key);
	lua_pop(L, 1);
	char buf[128];
	const char *ans = find_answer(L, c, key, prompt, yesno, buf, sizeof buf);
	if (yesno) {
		int b;
		if (parse_yesno(ans, &b))
			return luaL_error(L, "answer to %s.%s must be yes or no, not '%s'",
			                  c->decl->id, key, ans);
		c->nchecks += want >= 0;
		if (want >= 0 && want != b) {
			char what[600];
			snprintf(what, sizeof what, "operator: %s", prompt);
			ltest_fail(c, what, b ? "yes" : "no", b ? "no" : "yes", NULL, NULL, NULL);
		}
		lua_pushboolean(L, b);
		return 1;
	}
	double v;
	if (num_parse(ans, &v))
		return luaL_error(L, "answer to %s.%s must be a finite number, not '%s'",
		                  c->decl->id, key, ans);
	/* A numeric answer with limits is a measurement like any other. */
	lua_getfield(L, 1, "measure");
	lua_pushvalue(L, 1);
	lua_createtable(L, 0, 4);
	lua_pushstring(L, key);
	lua_setfield(L, -2, "name");
	lua_pushnumber(L, v);
	lua_setfield(L, -2, "value");
	static const char *const copy[] = {"unit", "min", "max", "lt", "gt", NULL};
	for (int i = 0; copy[i]; i++) {
		lua_getfield(L, 2, copy[i]);
		lua_setfield(L, -2, copy[i]);
	}
	lua_call(L, 2, 0);
	lua_pushnumber(L, v);
	return 1;
}
