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

/* The challenge of scheme ("Digest", "Basic") among the answer's
 * WWW-Authenticate headers: its parameters' start and end, or NULL. */
static const char *challenge(const char *answer, const char *scheme, const char **end)
{
	const char *hdr_end = strstr(answer, "\r\n\r\n");
	size_t n = strlen(scheme);
	for (const char *p = strstr(answer, "\r\n"); p && (!hdr_end || p < hdr_end);
	     p = strstr(p + 2, "\r\n")) {
		const char *h = p + 2;
		if (strncasecmp(h, "WWW-Authenticate:", 17))
			continue;
		h += 17 + strspn(h + 17, " \t");
		if (strncasecmp(h, scheme, n) == 0 && (h[n] == ' ' || h[n] == '\r')) {
			*end = h + strcspn(h, "\r\n");
			return h + n;
		}
	}
	return NULL;
}

static void md5_hex(const char *s, char out[33])
{
	unsigned char d[16];
	unsigned int n = 0;
	EVP_Digest(s, strlen(s), d, &n, EVP_md5(), NULL);
	hex_encode_lower(d, sizeof d, out);
}

static int digest(const char *c, const char *end, const char *method, const char *uri,
                  const char *user, const char *pass, char *out, size_t len)
{
	char realm[128], nonce[256], qop[64] = "", opaque[256] = "", buf[1024], ha1[33], ha2[33],
	                             resp[33];
	if (param(c, end, "realm", realm, sizeof realm) ||
	    param(c, end, "nonce", nonce, sizeof nonce))
		return -1;
	param(c, end, "qop", qop, sizeof qop);
	param(c, end, "opaque", opaque, sizeof opaque);
	int auth = strstr(qop, "auth") != NULL; /* "auth" or "auth,auth-int" */
	snprintf(buf, sizeof buf, "%s:%s:%s", user, realm, pass);
	md5_hex(buf, ha1);
	snprintf(buf, sizeof buf, "%s:%s", method, uri);
	md5_hex(buf, ha2);
	if (auth)
		snprintf(buf, sizeof buf, "%s:%s:00000001:0a4f113b:auth:%s", ha1, nonce, ha2);
	else
		snprintf(buf, sizeof buf, "%s:%s:%s", ha1, nonce, ha2);
	md5_hex(buf, resp);
	int n = snprintf(out, len,
	                 "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
	                 "uri=\"%s\", response=\"%s\"%s%s%s%s\r\n",
	                 user, realm, nonce, uri, resp,
	                 auth ? ", qop=auth, nc=00000001, cnonce=\"0a4f113b\"" : "",
	                 *opaque ? ", opaque=\"" : "", opaque, *opaque ? "\"" : "");
	return n > 0 && (size_t)n < len ? 0 : -1;
}

int auth_header(const char *answer, const char *method, const char *uri, const char *user,
                const char *pass, char *out, size_t len)
{
	const char *end, *c = challenge(answer, "Digest", &end);
	if (c)
		return digest(c, end, method, uri, user, pass, out, len);
	if (!challenge(answer, "Basic", &end))
		return -1;
	char plain[400];
	unsigned char b64[600];
	int n = snprintf(plain, sizeof plain, "%s:%s", user, pass);
	if (n <= 0 || (size_t)n >= sizeof plain)
		return -1;
	EVP_EncodeBlock(b64, (const unsigned char *)plain, n);
	n = snprintf(out, len, "Authorization: Basic %s\r\n", (const char *)b64);
	return n > 0 && (size_t)n < len ? 0 : -1;
}
