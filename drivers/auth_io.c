/* Answering a login challenge (see auth_io.h). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "auth_io.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "bench/base/base.h"

/* The value of the challenge's parameter name (name="value" or name=value)
 * in the header text [p, end), into out; 0, or -1 absent. */
static int param(const char *p, const char *end, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	for (; p && p < end; p = memchr(p, ',', (size_t)(end - p)), p = p ? p + 1 : p) {
		p += strspn(p, " \t");
		if (strncasecmp(p, name, n) || p[n] != '=')
			continue;
		const char *v = p + n + 1, *ve;
		if (*v == '"') {
			v++;
			ve = memchr(v, '"', (size_t)(end - v));
		} else
			ve = v + strcspn(v, ", \t\r\n");
		if (!ve || ve > end || (size_t)(ve - v) >= len)
			return -1;
		snprintf(out, len, "%.*s", (int)(ve - v), v);
		return 0;
	}
	return -1;
}

/* The next challenge of scheme ("Digest", "Basic") among the answer's
 * WWW-Authenticate headers after from (NULL: the first): its parameters'
 * start, their end in *end; or NULL. Lines end in LF, CR before it or not
 * (RFC 2326 §4, RFC 9112 §2.2); the headers end at the first empty one. */
static const char *challenge(const char *answer, const char *scheme, const char *from,
                             const char **end)
{
	size_t n = strlen(scheme);
	const char *p = strchr(from ? from : answer, '\n');
	for (; p && p[1] != '\n' && strncmp(p + 1, "\r\n", 2); p = strchr(p + 1, '\n')) {
		const char *h = p + 1;
		if (strncasecmp(h, "WWW-Authenticate:", 17))
			continue;
		h += 17 + strspn(h + 17, " \t");
		if (strncasecmp(h, scheme, n) == 0 && strchr(" \t\r\n", h[n]) && h[n]) {
			*end = h + strcspn(h, "\r\n");
			return h + n;
		}
	}
	return NULL;
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
static void hash_hex(const EVP_MD *md, const char *s, char out[129])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(s, strlen(s), d, &n, md, NULL);
	hex_encode_lower(d, n, out);
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

/* The response to c (RFC 7616 §3.4.1), of qop ("" none) and nc, into resp. */
static void response(const struct chal *c, const EVP_MD *md, int sess, const char *qop,
                     const char *nc, const char *cnonce, const struct auth_ask *q, char resp[129])
{
	char buf[1024], ha1[129], ha2[129], body[130] = "";
	snprintf(buf, sizeof buf, "%s:%s:%s", q->user, c->realm, q->pass);
	hash_hex(md, buf, ha1);
	if (sess) { /* §3.4.2 */
		snprintf(buf, sizeof buf, "%s:%s:%s", ha1, c->nonce, cnonce);
		hash_hex(md, buf, ha1);
	}
	if (strcmp(qop, "auth-int") == 0) { /* §3.4.3: H(entity-body), of none */
		body[0] = ':';
		hash_hex(md, "", body + 1);
	}
	snprintf(buf, sizeof buf, "%s:%s%s", q->method, q->uri, body);
	hash_hex(md, buf, ha2);
	if (*qop)
		snprintf(buf, sizeof buf, "%s:%s:%s:%s:%s:%s", ha1, c->nonce, nc, cnonce, qop, ha2);
	else
		snprintf(buf, sizeof buf, "%s:%s:%s", ha1, c->nonce, ha2);
	hash_hex(md, buf, resp);
}

static int digest(const char *p, const char *end, const EVP_MD *md, int sess,
                  const struct auth_ask *q, char *out, size_t len)
{
	struct chal c = {0};
	if (param(p, end, "realm", c.realm, sizeof c.realm) ||
	    param(p, end, "nonce", c.nonce, sizeof c.nonce))
		return -1;
	param(p, end, "qop", c.qops, sizeof c.qops);
	param(p, end, "opaque", c.opaque, sizeof c.opaque);
	param(p, end, "algorithm", c.alg, sizeof c.alg);
	const char *qop = qop_of(c.qops), *cnonce = q->cnonce ? q->cnonce : "0a4f113b";
	char nc[9], resp[129], qp[256] = "", op[300] = "";
	snprintf(nc, sizeof nc, "%08x", q->nc ? q->nc : 1);
	response(&c, md, sess, qop, nc, cnonce, q, resp);
	if (*qop)
		snprintf(qp, sizeof qp, ", qop=%s, nc=%s, cnonce=\"%s\"", qop, nc, cnonce);
	if (*c.opaque)
		snprintf(op, sizeof op, ", opaque=\"%s\"", c.opaque);
	int n = snprintf(out, len,
	                 "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
	                 "uri=\"%s\", response=\"%s\"%s%s%s%s\r\n",
	                 q->user, c.realm, c.nonce, q->uri, resp, *c.alg ? ", algorithm=" : "",
	                 c.alg, qp, op);
	return n > 0 && (size_t)n < len ? 0 : -1;
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

int auth_header(const char *answer, const struct auth_ask *q, char *out, size_t len)
{
	const char *end;
	for (const char *c = challenge(answer, "Digest", NULL, &end); c;
	     c = challenge(answer, "Digest", end, &end)) {
		char alg[32] = "MD5";
		int sess = 0;
		param(c, end, "algorithm", alg, sizeof alg);
		const EVP_MD *md = algorithm(alg, &sess);
		if (md)
			return digest(c, end, md, sess, q, out, len);
	}
	return challenge(answer, "Basic", NULL, &end) ? basic(q, out, len) : -1;
}
