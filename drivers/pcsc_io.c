/* A PC/SC reader session: pick the reader, wait for its card, connect,
 * close; and the APDU exchange with ISO 7816 T=0 61xx/6Cxx handling, each
 * raw exchange traced. The calls themselves are bounded by pcsc_worker.c
 * and pcsc_watch.c. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <PCSC/pcsclite.h>

#include "bench/base/base.h"
#include "bench/lib/crypto/crypto.h"
#include "pcsc_io.h"

int pcsc_err(struct err *e, struct pcsc *c, const char *what, LONG rv)
{
	const char *why = pcsc_stringify_error(rv);
	int code = EXIT_FAILED;
	c->missed = rv == SCARD_E_TIMEOUT || rv == SCARD_W_REMOVED_CARD ||
	            rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_UNRESPONSIVE_CARD;
	switch (rv) {
	case SCARD_W_REMOVED_CARD:
	case SCARD_E_NO_SMARTCARD:
		why = "card removed";
		break;
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
		/* Gone for good: no later call can answer (docs/drivers.md). */
		why = "reader lost";
		code = EXIT_BAIL;
		break;
	case SCARD_E_TIMEOUT:
		return err_set(e, EXIT_FAILED, "%s on reader '%s': no answer within %ld ms", what,
		               c->reader, c->timeout_ms);
	default:
		break;
	}
	return err_set(e, code, "%s on reader '%s': %s (0x%08lX)", what, c->reader, why,
	               (unsigned long)rv);
}

/* One raw exchange, traced with its duration whether it succeeded or not.
 * -1: no answer; -2: an answer without a status word. */
static int raw_exchange(struct pcsc *c, const unsigned char *apdu, size_t n, unsigned char *out,
                        DWORD *outlen, long *us, struct err *e)
{
	long t0 = mono_us();
	LONG rv = pcsc_transmit(c, apdu, n, out, outlen);
	long dur = mono_us() - t0;
	*us += dur;
	if (rv == SCARD_S_SUCCESS && *outlen >= 2) { /* the hex straight into the line */
		trace_exchange_bytes(c->trace, c->role, "apdu", apdu, n, out, *outlen, dur);
		return 0;
	}
	char req[2 * PCSC_APDU_MAX + 1], resp[160], got[5] = "";
	hex_encode(apdu, n, req);
	if (rv == SCARD_S_SUCCESS) { /* 0 or 1 byte: what the card sent, shown */
		hex_encode(out, *outlen, got);
		snprintf(resp, sizeof resp, "(short answer: %lu byte%s%s%s)",
		         (unsigned long)*outlen, *outlen == 1 ? "" : "s", *outlen ? " " : "", got);
	} else
		snprintf(resp, sizeof resp, "(error: %s)", pcsc_stringify_error(rv));
	trace_exchange(c->trace, c->role, "apdu", req, resp, dur);
	if (rv != SCARD_S_SUCCESS)
		pcsc_err(e, c, "transmit", rv);
	else
		err_set(e, EXIT_FAILED, "transmit %s: answer has no status word %s", req, resp);
	crypto_wipe(req, sizeof req); /* a sealed APDU's hex holds a PIN */
	return rv != SCARD_S_SUCCESS ? -1 : -2;
}

/* pcsc_exchange's rounds on cmd, its own copy of the APDU. */
static int rounds(struct pcsc *c, unsigned char *cmd, size_t n, int raw, struct pcsc_resp *r,
                  struct err *e)
{
	unsigned char out[PCSC_RESP_MAX + 2];
	r->len = 0;
	r->us = 0;
	r->heard = 0;
	/* Bounded: a card that answers 61xx forever must not loop us forever. */
	for (int round = 0; round < 32; round++) {
		DWORD outlen = sizeof out;
		int rc = raw_exchange(c, cmd, n, out, &outlen, &r->us, e);
		r->heard |= rc != -1;
		if (rc < 0)
			return -1;
		size_t dl = outlen - 2;
		unsigned sw1 = out[dl], sw2 = out[dl + 1];
		if (dl > sizeof r->data - r->len)
			return err_set(e, EXIT_FAILED, "answers exceed %d bytes", PCSC_RESP_MAX);
		memcpy(r->data + r->len, out, dl);
		r->len += dl;
		r->sw = sw1 << 8 | sw2;
		if (raw)
			return 0;
		if (sw1 == 0x61) {
			/* ISO 7816-3 §10.3.4/7816-4 §5.1.3: more data, fetch with GET RESPONSE. */
			unsigned char gr[5] = {cmd[0] & 0x03, 0xC0, 0x00, 0x00, (unsigned char)sw2};
			memcpy(cmd, gr, 5);
			n = 5;
		} else if (sw1 == 0x6C && r->len == 0) {
			/* Wrong Le: re-issue the same command with Le = SW2. */
			if (n == 4)
				n = 5;
			cmd[n - 1] = (unsigned char)sw2;
		} else {
			return 0;
		}
	}
	return err_set(e, EXIT_FAILED, "card kept answering 61xx/6Cxx for 32 exchanges");
}

int pcsc_exchange(struct pcsc *c, const unsigned char *apdu, size_t n, int raw, struct pcsc_resp *r,
                  struct err *e)
{
	unsigned char cmd[PCSC_APDU_MAX];
	if (n < 4 || n > PCSC_APDU_MAX)
		return err_set(e, EXIT_USAGE, "APDU of %zu bytes: must be 4..%d", n, PCSC_APDU_MAX);
	memcpy(cmd, apdu, n);
	int rc = rounds(c, cmd, n, raw, r, e);
	/* A sealed APDU holds a PIN: no copy of it outlives the exchange (its
	 * caller wipes the original). The rounds write at most n + 1 bytes:
	 * 6Cxx adds Le to a 4-byte APDU, GET RESPONSE is 5 bytes (n >= 4). */
	crypto_wipe(cmd, n < sizeof cmd ? n + 1 : n);
	return rc;
}

/* Chooses the reader whose name equals or matches `want` (NULL: the first). */
int pcsc_pick_reader(struct pcsc *c, const char *want, struct err *e)
{
	DWORD len = 0;
	LONG rv = SCardListReaders(c->ctx, NULL, NULL, &len);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "list readers", rv);
	char *names = calloc(1, len + 1);
	if (!names)
		return err_set(e, EXIT_BAIL, "out of memory");
	rv = SCardListReaders(c->ctx, NULL, names, &len);
	int found = 0;
	for (char *p = names; rv == SCARD_S_SUCCESS && *p && !found; p += strlen(p) + 1)
		if (!want || strcmp(p, want) == 0 || fnmatch(want, p, 0) == 0) {
			snprintf(c->reader, sizeof c->reader, "%s", p);
			found = 1;
		}
	free(names);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "list readers", rv);
	if (!found)
		return err_set(e, EXIT_BAIL, "role %s: no reader matches '%s'", c->role,
		               want ? want : "*");
	return 0;
}

/* Waits for a card in c->reader, at most timeout_ms. */
static int wait_card(struct pcsc *c, struct err *e)
{
	SCARD_READERSTATE rs = {.szReader = c->reader, .dwCurrentState = SCARD_STATE_UNAWARE};
	LONG rv = SCardGetStatusChange(c->ctx, 0, &rs, 1);
	if (rv == SCARD_S_SUCCESS && !(rs.dwEventState & SCARD_STATE_PRESENT)) {
		rs.dwCurrentState = rs.dwEventState;
		rv = SCardGetStatusChange(c->ctx, (DWORD)c->timeout_ms, &rs, 1);
	}
	c->missed = 1;
	if (rv == SCARD_E_TIMEOUT)
		return err_set(e, EXIT_FAILED, "reader '%s': no card within %ld ms", c->reader,
		               c->timeout_ms);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "status", rv);
	if (!(rs.dwEventState & SCARD_STATE_PRESENT))
		return err_set(e, EXIT_FAILED, "reader '%s': no card", c->reader);
	c->missed = 0;
	return 0;
}

int pcsc_connect(struct pcsc *c, struct err *e)
{
	if (wait_card(c, e) < 0)
		return -1;
	DWORD proto = 0;
	/* Bounded by the watch where there is one: a reader that hangs while
	 * powering the card must not hang the run. */
	int watched = pcsc_watch_begin(c) == 0;
	LONG rv = SCardConnect(c->ctx, c->reader, c->share, c->prefer, &c->h, &proto);
	if (watched && pcsc_watch_end(c))
		rv = SCARD_E_TIMEOUT;
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "connect", rv);
	c->proto = proto;
	c->connected = 1;
	trace_note(c->trace, c->role, "connected to '%s', T=%d", c->reader,
	           proto == SCARD_PROTOCOL_T1 ? 1 : 0);
	return 0;
}

int pcsc_revive(struct pcsc *c, struct err *e)
{
	pcsc_close(c); /* a stuck context is left to process exit */
	c->has_ctx = c->connected = c->stuck = 0;
	c->reconnect = 1;
	LONG rv = pcsc_establish(c);
	if (rv != SCARD_S_SUCCESS) {
		c->stuck = 1; /* the next call tries again */
		return pcsc_err(e, c, "new context after a cut call", rv);
	}
	trace_note(c->trace, c->role, "new context after the cut call");
	return 0;
}

void pcsc_close(struct pcsc *c)
{
	pcsc_worker_stop(c);
	pcsc_watch_stop(c);
	/* A stuck context is still in use by an abandoned worker, or dead after
	 * the watch cut its socket: leave it to process exit. */
	if (c->stuck)
		return;
	if (c->connected)
		SCardDisconnect(c->h, SCARD_LEAVE_CARD);
	c->connected = 0;
	if (c->has_ctx)
		pcsc_release(c);
}
