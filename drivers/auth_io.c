/* Answering a login challenge (see auth_io.h). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "auth_io.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "bench/base/base.h"
#include "tcp_io.h"

/* Where the list element at p ends (a comma outside a quoted string, RFC
 * 9110 §5.6.1, §5.6.4), or end. */
static const char *element_end(const char *p, const char *end)
{
	for (int quoted = 0; p < end; p++)
		if (quoted && *p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			return p;
	return end;
}

/* The length of the token at p (RFC 9110 §5.6.2). */
static size_t token_len(const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && p[n] &&
	       ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
	        (p[n] >= '0' && p[n] <= '9') || strchr("!#$%&'*+-.^_`|~", p[n])))
		n++;
	return n;
}

/* At an element [p, e): after its first token and the blanks after it, in
 * *after. Whether it starts a challenge: a scheme, not a parameter's name
 * (RFC 9110 §11.6.1: the name is followed by "="). */
static int starts_challenge(const char *p, const char *e, const char **after)
{
	size_t t = token_len(p, e);
	const char *q = p + t;
	q += strspn(q, " \t");
	*after = q < e ? q : e;
	return t > 0 && (q >= e || *q != '=');
}

/* The value of the parameter name (name="value" or name=value, blanks
 * around "=" allowed) in the challenge's parameters [p, end), into out:
 * 0; -1 absent; 1 longer than its room. */
static int param(const char *p, const char *end, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	for (const char *e; p < end; p = e + 1) {
		p += strspn(p, " \t,");
		e = element_end(p, end);
		const char *v;
		if (token_len(p, e) != n || strncasecmp(p, name, n) || starts_challenge(p, e, &v))
			continue;
		v += 1 + strspn(v + 1, " \t");
		const char *ve = e;
		if (*v == '"') {
			v++;
			ve = memchr(v, '"', (size_t)(e - v));
		} else
			while (ve > v && strchr(" \t", ve[-1]))
				ve--;
		if (!ve)
			return -1;
		if ((size_t)(ve - v) >= len)
			return 1;
		snprintf(out, len, "%.*s", (int)(ve - v), v);
		return 0;
	}
	return -1;
}

/* One challenge of a 401: its scheme, and its parameters [params, end). */
struct challenge {
	const char *scheme, *params, *end;
	size_t slen;
};

/* The challenges of one WWW-Authenticate field value [p, eol) into
 * c[*n..max): each runs to where the next starts. */
static void field_challenges(const char *p, const char *eol, struct challenge *c, int *n, int max)
{
	int first = *n;
	for (const char *e; p < eol && *n < max; p = e + 1) {
		p += strspn(p, " \t,");
		e = element_end(p, eol);
		const char *after;
		if (p >= e || !starts_challenge(p, e, &after))
			continue; /* a parameter of the challenge before */
		if (*n > first)
			c[*n - 1].end = p;
		c[(*n)++] = (struct challenge){p, after, eol, token_len(p, e)};
	}
}

/* Every challenge of the answer's WWW-Authenticate fields (RFC 9110 §11.6.1:
 * a field may hold several), in the order given, into c: how many. Lines
 * end in LF, CR before it or not (RFC 9112 §2.2; tcp_header). */
static int challenges(const char *answer, struct challenge *c, int max)
{
	int n = 0;
	size_t len = strlen(answer), vn;
	for (const char *v = tcp_header(answer, len, "WWW-Authenticate", NULL, &vn); v;
	     v = tcp_header(answer, len, "WWW-Authenticate", v, &vn))
		field_challenges(v, v + vn, c, &n, max);
	return n;
}

/* RFC 7616 §3.3's algorithms bench speaks: the digest, and whether "-sess". */
static const EVP_MD *algorithm(const char *name, int *sess)
{
	static const struct {
		const char *name;
		const EVP_MD *(*md)(void);
	} known[] = {{"MD5", EVP_md5}, {"SHA-256", EVP_sha256}, {"SHA-512-256", EVP_sha512_256}};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		size_t n = strlen(known[i].name);
		if (strncasecmp(name, known[i].name, n) == 0 &&
		    (!name[n] || strcasecmp(name + n, "-sess") == 0)) {
			*sess = name[n] != '\0';
			return known[i].md();
		}
	}
	return NULL;
}

/* The digest of s in lower-case hex (at most 128 digits), into out. */
static int hash_hex(const EVP_MD *md, const char *s, char out[129])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(s, strlen(s), d, &n, md, NULL)) /* e.g. MD5 under a FIPS provider */
		return -1;
	hex_encode_lower(d, n, out);
	return 0;
}

/* The qop bench answers from the challenge's list: "auth" where offered,
 * else "auth-int" (the probes' requests have no body), else none (RFC 2069). */
static const char *qop_of(const char *list)
{
	const char *pick = "";
	for (const char *t = list; *t; t += strcspn(t, ","), t += *t == ',') {
		t += strspn(t, " \t");
		size_t n = strcspn(t, ", \t");
		if (n == 4 && strncasecmp(t, "auth", 4) == 0)
			return "auth";
		if (n == 8 && strncasecmp(t, "auth-int", 8) == 0)
			pick = "auth-int";
	}
	return pick;
}

/* A Digest challenge's parameters (RFC 7616 §3.3). */
struct chal {
	char realm[128], nonce[256], qops[64], opaque[256], alg[32];
};

/* The response to c (RFC 7616 §3.4.1), of qop ("" none) and nc, into
 * resp: 0, or -1 when the digest cannot be made. */
static int response(const struct chal *c, const EVP_MD *md, int sess, const char *qop,
                    const char *nc, const char *cnonce, const struct auth_ask *q, char resp[129])
{
	char buf[1024], ha1[129], ha2[129], body[130] = "";
	snprintf(buf, sizeof buf, "%s:%s:%s", q->user, c->realm, q->pass);
	int rc = hash_hex(md, buf, ha1);
	if (sess) { /* §3.4.2 */
		snprintf(buf, sizeof buf, "%s:%s:%s", ha1, c->nonce, cnonce);
		rc |= hash_hex(md, buf, ha1);
	}
	if (strcmp(qop, "auth-int") == 0) { /* §3.4.3: H(entity-body), of none */
		body[0] = ':';
		rc |= hash_hex(md, "", body + 1);
	}
	snprintf(buf, sizeof buf, "%s:%s%s", q->method, q->uri, body);
	rc |= hash_hex(md, buf, ha2);
	if (*qop)
		snprintf(buf, sizeof buf, "%s:%s:%s:%s:%s:%s", ha1, c->nonce, nc, cnonce, qop, ha2);
	else
		snprintf(buf, sizeof buf, "%s:%s:%s", ha1, c->nonce, ha2);
	return rc | hash_hex(md, buf, resp);
}

/* The Authorization of the Digest challenge [p, end): 0, or -1 when it
 * lacks a realm or nonce, a parameter is too long or the digest fails. */
static int digest(const char *p, const char *end, const EVP_MD *md, int sess, struct auth_ask *q,
                  char *out, size_t len)
{
	struct chal c = {0};
	int opaque = param(p, end, "opaque", c.opaque, sizeof c.opaque);
	if (param(p, end, "realm", c.realm, sizeof c.realm) ||
	    param(p, end, "nonce", c.nonce, sizeof c.nonce) ||
	    param(p, end, "qop", c.qops, sizeof c.qops) > 0 || opaque > 0 ||
	    param(p, end, "algorithm", c.alg, sizeof c.alg) > 0)
		return -1;
	const char *qop = qop_of(c.qops), *cnonce = q->cnonce ? q->cnonce : "0a4f113b";
	char nc[9], resp[129], qp[256] = "", op[300] = "";
	snprintf(nc, sizeof nc, "%08x", q->nc ? q->nc : 1);
	if (response(&c, md, sess, qop, nc, cnonce, q, resp))
		return -1;
	if (*qop)
		snprintf(qp, sizeof qp, ", qop=%s, nc=%s, cnonce=\"%s\"", qop, nc, cnonce);
	if (opaque == 0) /* returned as given, empty too (§3.4) */
		snprintf(op, sizeof op, ", opaque=\"%s\"", c.opaque);
	int n = snprintf(out, len,
	                 "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
	                 "uri=\"%s\", response=\"%s\"%s%s%s%s\r\n",
	                 q->user, c.realm, c.nonce, q->uri, resp, *c.alg ? ", algorithm=" : "",
	                 c.alg, qp, op);
	if (n <= 0 || (size_t)n >= len)
		return -1;
	snprintf(q->nonce, sizeof q->nonce, "%s", c.nonce);
	return 0;
}

static int basic(const struct auth_ask *q, char *out, size_t len)
{
	char plain[400];
	unsigned char b64[600];
	int n = snprintf(plain, sizeof plain, "%s:%s", q->user, q->pass);
	if (n <= 0 || (size_t)n >= sizeof plain)
		return -1;
	EVP_EncodeBlock(b64, (const unsigned char *)plain, n);
	n = snprintf(out, len, "Authorization: Basic %s\r\n", (const char *)b64);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Whether c's scheme is name. */
static int is(const struct challenge *c, const char *name)
{
	return c->slen == strlen(name) && strncasecmp(c->scheme, name, c->slen) == 0;
}

int auth_header(const char *answer, struct auth_ask *q, char *out, size_t len)
{
	struct challenge c[16];
	int n = challenges(answer, c, 16), has_basic = 0;
	q->nonce[0] = '\0';
	for (int i = 0; i < n; i++) {
		char alg[32] = "MD5";
		int sess = 0;
		has_basic |= is(&c[i], "Basic");
		if (!is(&c[i], "Digest") ||
		    param(c[i].params, c[i].end, "algorithm", alg, sizeof alg) > 0)
			continue;
		const EVP_MD *md = algorithm(alg, &sess);
		if (md && digest(c[i].params, c[i].end, md, sess, q, out, len) == 0)
			return 0;
	}
	return has_basic ? basic(q, out, len) : -1;
}
