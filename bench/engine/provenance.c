/* Where a run's evidence comes from, fixed when it starts: the Lua its tests
 * are made of (each file's SHA-256, so `bench resume` can refuse a suite that
 * changed) and the lab key the station names (so a run is signed by the key
 * the lab trusts, or does not start). Both go into run.json. */
#include "engine.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/record/record.h"

static int add(struct sources *s, const char *path, struct err *e)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].path, path) == 0)
			return 0;
	struct source *v = realloc(s->v, (s->n + 1) * sizeof *v);
	if (!v)
		return err_set(e, EXIT_USAGE, "out of memory");
	s->v = v;
	if (!(v[s->n].path = strdup(path)))
		return err_set(e, EXIT_USAGE, "out of memory");
	if (sha256_file(path, v[s->n].sha, e)) {
		free(v[s->n].path);
		return -1;
	}
	s->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The *.lua of one folder a suite can `require` from, in name order. */
static int add_lib(struct sources *s, const char *dir, struct err *e)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* no lib folder there */
	char **names = NULL;
	size_t n = 0;
	int oom = 0;
	struct dirent *de;
	while (!oom && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".lua"))
			continue;
		char **g = realloc(names, (n + 1) * sizeof *g);
		if (g)
			names = g;
		oom = !g || !(names[n] = strdup(de->d_name));
		n += !oom;
	}
	closedir(d);
	if (oom) {
		free_names(names, n);
		return err_set(e, EXIT_USAGE, "out of memory");
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char p[4300];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		rc = add(s, p, e);
	}
	free_names(names, n);
	return rc;
}

int sources_hash(char *const *suites, int n, struct sources *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	for (int i = 0; i < n; i++)
		if (add(s, suites[i], e))
			goto fail;
	/* The folders bench/engine/suite.c puts on package.path besides the
	 * suite's own (whose other files are suites, hashed when they run). */
	for (int i = 0; i < n; i++) {
		char dir[4096], lib[4200];
		snprintf(dir, sizeof dir, "%s", suites[i]);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof dir, ".");
		snprintf(lib, sizeof lib, "%s/lib", dir);
		if (add_lib(s, lib, e))
			goto fail;
		snprintf(lib, sizeof lib, "%s/../lib", dir);
		if (add_lib(s, lib, e))
			goto fail;
	}
	return 0;
fail:
	sources_free(s);
	return -1;
}

void sources_free(struct sources *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* lab_pubkey as a fingerprint (hex): given as one, or of the PEM file. */
static int named_key(const struct station *st, char fpr[SHA256_HEX], struct err *e)
{
	const char *k = st->lab_pubkey;
	if (strncmp(k, "sha256:", 7) == 0)
		return fpr_parse(k, strlen(k), fpr)
		           ? err_set(e, EXIT_USAGE,
		                     "%s: station: lab_pubkey: '%s' is not a fingerprint "
		                     "(sha256: and 64 hex digits)",
		                     st->path, k)
		           : 0;
	char p[4096];
	if (key_fpr_file(station_path(st, k, p, sizeof p), 0, fpr, e))
		return err_prefix(e, "%s: station: lab_pubkey", st->path);
	return 0;
}

int lab_identity(const struct station *st, char fpr[SHA256_HEX], struct err *e)
{
	char named[SHA256_HEX] = "", own[SHA256_HEX] = "", p[4096];
	fpr[0] = '\0';
	if (st->lab_pubkey && named_key(st, named, e))
		return -1;
	/* Read now, not when the run ends: a key that cannot sign would
	 * otherwise cost the whole run's signature. */
	if (st->lab_key && key_fpr_file(station_path(st, st->lab_key, p, sizeof p), 1, own, e))
		return err_prefix(e, "%s: station: lab_key", st->path);
	if (*named && *own && strcmp(named, own) != 0)
		return err_set(e, EXIT_USAGE,
		               "%s: station: lab_key %s is key sha256:%s, not the lab's key that "
		               "lab_pubkey names (sha256:%s)",
		               st->path, st->lab_key, own, named);
	snprintf(fpr, SHA256_HEX, "%s", *named ? named : own);
	return 0;
}
