/* Key file loader; see keys.h and docs/keys.md. The file is read through
 * one descriptor (fstat then read) so the permission check and the content
 * are of the same file, and every copy of a value (file buffer, YAML tree,
 * decode buffers) is wiped before it is freed. */
#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/base/base.h"

const char *const secret_usages[] = {
    /* §9.4.2.1 card/province management keys */
    "card_master", "mac_auth", "app_download", "apdu_decrypt",
    /* §9.4.2.2 application keys (IDs 00-1C) */
    "master", "maintenance", "pin_unblock", "pin_reload", "purchase", "load", "tac", "unload",
    "overdraft", "internal_auth_enc", "internal_auth_dec", "internal_auth_mac",
    /* authentication and secure messaging */
    "internal_auth", "external_auth", "mac", "encrypt",
    /* a master key that only diversifies */
    "derive", NULL};

int secret_derives(const char *usage)
{
	static const char *const derivation[] = {"purchase",  "load", "unload",
	                                         "overdraft", "tac",  "derive"};
	for (size_t i = 0; i < sizeof derivation / sizeof *derivation; i++)
		if (strcmp(usage, derivation[i]) == 0)
			return 1;
	return 0;
}

#define KEYFILE_MAX (1 << 20)

/* Reads the whole file after checking it is private. */
static char *read_private(const char *path, size_t *len, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, EXIT_USAGE, "key file %s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) < 0) {
		err_set(e, EXIT_USAGE, "key file %s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		err_set(e, EXIT_USAGE, "key file %s: not a regular file", path);
	} else if (st.st_mode & 077) {
		err_set(e, EXIT_USAGE,
		        "key file %s: mode %04o lets group/others access it; keys must be "
		        "private (chmod 600 %s)",
		        path, (unsigned)(st.st_mode & 07777), path);
	} else if (st.st_size > KEYFILE_MAX) {
		err_set(e, EXIT_USAGE, "key file %s: larger than %d bytes", path, KEYFILE_MAX);
	} else if (!(buf = malloc((size_t)st.st_size + 1))) {
		err_set(e, EXIT_USAGE, "key file %s: out of memory", path);
	} else {
		ssize_t got = read(fd, buf, (size_t)st.st_size);
		if (got != st.st_size) {
			err_set(e, EXIT_USAGE, "key file %s: short read", path);
			crypto_wipe(buf, (size_t)st.st_size);
			free(buf);
			buf = NULL;
		} else {
			buf[got] = '\0';
			*len = (size_t)got;
		}
	}
	close(fd);
	return buf;
}

/* Overwrites every scalar of the tree before it is freed. */
static void wipe_tree(struct ynode *n)
{
	if (n->str)
		crypto_wipe(n->str, strlen(n->str));
	for (size_t i = 0; i < n->nkids; i++)
		wipe_tree(&n->kids[i]);
}

static int copy_str(const struct ynode *n, const char *what, char *dst, size_t cap, struct err *e)
{
	const char *s;
	if (ynode_str(n, what, &s, e))
		return -1;
	if (!*s || strlen(s) >= cap)
		return ynode_err(e, n, "%s must be 1..%zu characters", what, cap - 1);
	for (const char *p = s; *p; p++)
		if (!(*p == '.' || *p == '_' || *p == '-' || (*p >= '0' && *p <= '9') ||
		      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return ynode_err(e, n, "%s may hold only letters, digits, '.', '_', '-'",
			                 what);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

/* A field name is not quoted either: a value typed where a name belongs
 * ("0123...: x") would be echoed. */
static int check_fields(const struct ynode *ent, const char *const *allowed, const char *list,
                        struct err *e)
{
	for (size_t i = 0; i < ent->nkids; i++) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			ok |= strcmp(ent->kids[i].key, *a) == 0;
		if (!ok)
			return ynode_err(e, &ent->kids[i], "unknown field (the fields are %s)",
			                 list);
	}
	return 0;
}

/* ynode_int would quote a bad value: this one never does. */
static int parse_version(const struct ynode *n, long *out, struct err *e)
{
	const char *v = n->kind == YN_SCALAR ? n->str : "";
	size_t len = strspn(v, "0123456789");
	*out = len && !v[len] && len <= 3 ? strtol(v, NULL, 10) : -1;
	if (*out < 0 || *out > 255)
		return ynode_err(e, n, "version must be an integer 0..255");
	return 0;
}

static const struct ynode *need(const struct ynode *ent, const char *key, struct err *e)
{
	const struct ynode *n = ynode_get(ent, key);
	if (!n)
		ynode_err(e, ent, "missing field '%s'", key);
	return n;
}

static int parse_value(const struct ynode *n, struct secret *s, struct err *e)
{
	const char *v;
	unsigned char b[24];
	if (ynode_str(n, "value", &v, e))
		return -1;
	/* Never echo the value: the message could reach a log. */
	long len = hex_decode(v, b, sizeof b);
	if (len < 0)
		return ynode_err(e, n,
		                 "value is not hex of at most 24 bytes (bad digit or odd "
		                 "length)");
	struct err ke = {0};
	int r = crypto_key_set(&s->key, s->key.alg, b, (size_t)len, &ke);
	crypto_wipe(b, sizeof b);
	if (r)
		return ynode_err(e, n, "value: %s", ke.msg);
	return 0;
}

static int parse_usage(const struct ynode *n, struct secret *s, struct err *e)
{
	if (copy_str(n, "usage", s->usage, sizeof s->usage, e))
		return -1;
	for (const char *const *u = secret_usages; *u; u++)
		if (strcmp(*u, s->usage) == 0)
			return 0;
	return ynode_err(e, n, "unknown usage (see docs/keys.md for the §9.4.2 key types)");
}

static int parse_key(const struct ynode *ent, struct secret *s, struct err *e)
{
	static const char *const fields[] = {"role",  "id",    "version", "algorithm",
	                                     "value", "usage", NULL};
	const struct ynode *n;
	const char *alg;
	s->kind = SECRET_KEY;
	if (check_fields(ent, fields, "role, id, version, algorithm, value, usage", e) ||
	    !(n = need(ent, "role", e)) || copy_str(n, "role", s->role, sizeof s->role, e) ||
	    !(n = need(ent, "id", e)) || copy_str(n, "id", s->id, sizeof s->id, e) ||
	    !(n = need(ent, "version", e)) || parse_version(n, &s->version, e))
		return -1;
	if (!(n = need(ent, "algorithm", e)) || ynode_str(n, "algorithm", &alg, e))
		return -1;
	if (crypto_alg_parse(alg, &s->key.alg))
		return ynode_err(e, n, "unknown algorithm (des, 3des or sm4)");
	if (!(n = need(ent, "value", e)) || parse_value(n, s, e))
		return -1;
	if ((n = ynode_get(ent, "usage")) && parse_usage(n, s, e))
		return -1;
	s->derive = secret_derives(s->usage);
	snprintf(s->label, sizeof s->label, "<key:%s/%s>", s->role, s->id);
	return 0;
}

static int parse_pin(const struct ynode *ent, struct secret *s, struct err *e)
{
	static const char *const fields[] = {"role", "id", "value", NULL};
	const struct ynode *n;
	const char *v;
	s->kind = SECRET_PIN;
	if (check_fields(ent, fields, "role, id, value", e) || !(n = need(ent, "role", e)) ||
	    copy_str(n, "role", s->role, sizeof s->role, e) || !(n = need(ent, "id", e)) ||
	    copy_str(n, "id", s->id, sizeof s->id, e) || !(n = need(ent, "value", e)) ||
	    ynode_str(n, "value", &v, e))
		return -1;
	size_t len = strspn(v, "0123456789");
	if (v[len] || len < 4 || len > 12)
		return ynode_err(e, n, "a PIN value must be 4 to 12 decimal digits (quote it)");
	memcpy(s->pin, v, len + 1);
	snprintf(s->label, sizeof s->label, "<pin:%s/%s>", s->role, s->id);
	return 0;
}

static int duplicate(const struct secrets *s, const struct secret *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == x->kind && !strcmp(s->v[i].role, x->role) &&
		    !strcmp(s->v[i].id, x->id) && s->v[i].version == x->version)
			return 1;
	return 0;
}

static int parse_list(const struct ynode *list, enum secret_kind kind, struct secrets *s,
                      struct err *e)
{
	if (list->kind != YN_SEQ)
		return ynode_err(e, list, "'%s' must be a list", list->key);
	struct secret *v = realloc(s->v, (s->n + list->nkids) * sizeof *v);
	if (!v && list->nkids)
		return err_set(e, EXIT_USAGE, "key file: out of memory");
	s->v = v;
	for (size_t i = 0; i < list->nkids; i++) {
		const struct ynode *ent = &list->kids[i];
		struct secret *x = &s->v[s->n];
		memset(x, 0, sizeof *x);
		x->line = ent->line;
		if (ent->kind != YN_MAP)
			return ynode_err(e, ent, "each entry must be a map");
		int bad = kind == SECRET_KEY ? parse_key(ent, x, e) : parse_pin(ent, x, e);
		if (!bad && duplicate(s, x))
			bad = ynode_err(e, ent, "%s %s/%s version %ld is defined twice",
			                kind == SECRET_KEY ? "key" : "PIN", x->role, x->id,
			                x->version);
		if (bad) {
			crypto_wipe(x, sizeof *x); /* may hold a value parsed before the error */
			return -1;
		}
		s->n++;
	}
	return 0;
}

static int parse_root(const struct ynode *root, struct secrets *s, struct err *e)
{
	if (root->kind != YN_MAP)
		return ynode_err(e, root, "a key file is a map with 'keys:' and/or 'pins:'");
	for (size_t i = 0; i < root->nkids; i++) {
		const struct ynode *n = &root->kids[i];
		if (!strcmp(n->key, "keys")) {
			if (parse_list(n, SECRET_KEY, s, e))
				return -1;
		} else if (!strcmp(n->key, "pins")) {
			if (parse_list(n, SECRET_PIN, s, e))
				return -1;
		} else {
			return ynode_err(e, n, "unknown top-level field (keys, pins)");
		}
	}
	return 0;
}

int secrets_load(const char *path, struct secrets *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	snprintf(s->path, sizeof s->path, "%s", path);
	size_t len = 0;
	char *buf = read_private(path, &len, e);
	if (!buf)
		return -1;
	struct ynode *root = ynode_load_buf(path, buf, len, e);
	crypto_wipe(buf, len);
	free(buf);
	if (!root)
		return -1;
	int r = parse_root(root, s, e);
	wipe_tree(root);
	ynode_free(root);
	if (!r && (redact_index(s) < 0 || !(s->lock = malloc(sizeof *s->lock)) ||
	           pthread_rwlock_init(s->lock, NULL))) {
		free(s->lock);
		s->lock = NULL;
		r = err_set(e, EXIT_USAGE, "%s: out of memory", path);
	}
	/* Reports print a secret's label in its place: a label holding any
	 * secret's value would print it (fuzz_keys found an id with its key's
	 * hex). The message names the line only: the id is the leak. */
	for (size_t i = 0; !r && i < s->n; i++)
		if (redact_found(s, s->v[i].label))
			r = err_set(
			    e, EXIT_USAGE,
			    "%s:%d: this entry's role or id holds a secret's value (a key's "
			    "hex or a PIN's digits), and reports print them in the secret's "
			    "place: rename it",
			    path, s->v[i].line);
	if (r)
		secrets_free(s);
	return r;
}

void secrets_free(struct secrets *s)
{
	if (s->v) {
		crypto_wipe(s->v, s->n * sizeof *s->v);
		free(s->v);
	}
	s->v = NULL;
	s->n = 0;
	if (s->starts) /* derived from the values: wiped like them */
		crypto_wipe(s->starts, REDACT_STARTS_BYTES);
	free(s->starts);
	s->starts = NULL;
	if (s->lock)
		pthread_rwlock_destroy(s->lock);
	free(s->lock);
	s->lock = NULL;
}

const struct secret *secrets_key(const struct secrets *s, const char *role, const char *id,
                                 long version)
{
	const struct secret *best = NULL;
	for (size_t i = 0; s && i < s->n; i++) {
		const struct secret *x = &s->v[i];
		if (x->kind != SECRET_KEY || strcmp(x->role, role) || strcmp(x->id, id))
			continue;
		if (version >= 0 ? x->version == version : !best || x->version > best->version)
			best = x;
	}
	return best;
}

const struct secret *secrets_pin(const struct secrets *s, const char *role, const char *id)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->v[i].kind == SECRET_PIN && !strcmp(s->v[i].role, role) &&
		    !strcmp(s->v[i].id, id))
			return &s->v[i];
	return NULL;
}

const struct secret *secrets_short_pin(const struct secrets *s, size_t min, size_t *at)
{
	for (; s && *at < s->n; ++*at)
		if (s->v[*at].kind == SECRET_PIN && strlen(s->v[*at].pin) < min)
			return &s->v[(*at)++];
	return NULL;
}

/* n random decimal digits into out (NUL-terminated), never equal to avoid. */
static int random_digits(char *out, size_t n, const char *avoid, struct err *e)
{
	do {
		for (size_t i = 0; i < n;) {
			unsigned char b;
			if (getrandom(&b, 1, 0) != 1)
				return err_set(e, EXIT_USAGE, "no randomness for a temporary PIN");
			if (b < 250) /* 250 = 25 * 10: no digit more likely than another */
				out[i++] = (char)('0' + b % 10);
		}
		out[n] = '\0';
	} while (strcmp(out, avoid) == 0);
	return 0;
}

/* Appends x under the write lock: redaction on other threads sees the
 * secrets either without x or with x and its index bits, never half. */
static int add_secret(struct secrets *s, const struct secret *x, struct err *e)
{
	if (s->lock)
		pthread_rwlock_wrlock(s->lock);
	struct secret *v = realloc(s->v, (s->n + 1) * sizeof *v);
	int r = v ? 0 : -1;
	if (v) {
		s->v = v;
		s->v[s->n++] = *x;
		r = redact_index(s);
	}
	if (s->lock)
		pthread_rwlock_unlock(s->lock);
	return r ? err_set(e, EXIT_USAGE, "out of memory adding a temporary PIN") : 0;
}

/* A PIN derived from base, registered as <base id><suffix> with digits and
 * redacted from then on; a suffix registered before gives back that one. */
static const struct secret *derived(struct secrets *s, const struct secret *base,
                                    const char *suffix, const char *digits, struct err *e)
{
	struct secret x = *base;
	if (snprintf(x.id, sizeof x.id, "%s%s", base->id, suffix) >= (int)sizeof x.id) {
		crypto_wipe(&x, sizeof x);
		err_set(e, EXIT_USAGE, "PIN id %s/%s is too long for a derived PIN", base->role,
		        base->id);
		return NULL;
	}
	const struct secret *have = secrets_pin(s, x.role, x.id);
	if (!have) {
		snprintf(x.pin, sizeof x.pin, "%s", digits);
		snprintf(x.label, sizeof x.label, "<pin:%s/%s>", x.role, x.id);
		have = add_secret(s, &x, e) ? NULL : &s->v[s->n - 1];
	}
	crypto_wipe(&x, sizeof x);
	return have;
}

const struct secret *secrets_temp_pin(struct secrets *s, const char *role, const char *id,
                                      size_t len, struct err *e)
{
	const struct secret *base = secrets_pin(s, role, id);
	char d[sizeof base->pin], tid[sizeof base->id + 8];
	if (!base) {
		err_set(e, EXIT_USAGE, "no PIN %s/%s in the key file", role, id);
		return NULL;
	}
	if (!len)
		len = strlen(base->pin);
	if (len < 4 || len > 12) {
		err_set(e, EXIT_USAGE, "a temporary PIN has 4..12 digits, not %zu", len);
		return NULL;
	}
	/* One per length: "/temp" as long as the PIN, else "/temp<digits>". */
	char suffix[16] = "/temp";
	if (len != strlen(base->pin))
		snprintf(suffix, sizeof suffix, "/temp%zu", len);
	snprintf(tid, sizeof tid, "%s%s", id, suffix);
	const struct secret *have = secrets_pin(s, role, tid);
	if (have)
		return have;
	/* Never digits a label holds: reports print labels as they are. */
	int clash = 1;
	for (int tries = 0; clash && tries < 100; tries++) {
		if (random_digits(d, len, base->pin, e))
			return NULL;
		clash = 0;
		for (size_t i = 0; !clash && i < s->n; i++)
			clash = strstr(s->v[i].label, d) != NULL;
	}
	have = derived(s, base, suffix, d, e);
	crypto_wipe(d, sizeof d);
	return have;
}

const struct secret *secrets_variant_pin(struct secrets *s, const char *role, const char *id,
                                         const char *kind, const char *digits, struct err *e)
{
	const struct secret *base = secrets_pin(s, role, id);
	char suffix[32];
	if (!base) {
		err_set(e, EXIT_USAGE, "no PIN %s/%s", role, id);
		return NULL;
	}
	snprintf(suffix, sizeof suffix, "~%s", kind);
	return derived(s, base, suffix, digits, e);
}
