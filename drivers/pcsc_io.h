/* PC/SC I/O over libpcsclite, below the pcsc driver (pcsc.c: role options
 * and the suite object): the reader session and APDU exchange (pcsc_io.c),
 * calls bounded on a worker thread (pcsc_worker.c) or under a watchdog on
 * the caller's thread (pcsc_watch.c). No Lua here. */
#ifndef DRIVERS_PCSC_IO_H
#define DRIVERS_PCSC_IO_H

#include <stddef.h>

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include "bench/base/base.h"
#include "bench/record/record.h"

struct trace;
struct drv_ctx;

#define PCSC_APDU_MAX 261  /* short APDU: 4 + 1 + 255 + 1 */
#define PCSC_RESP_MAX 4096 /* data gathered across GET RESPONSEs, + SW */

struct pcsc {
	SCARDCONTEXT ctx;
	SCARDHANDLE h;
	int has_ctx, connected;
	/* A call that outlived its timeout still owns the context: from then on
	 * every call fails at once instead of queueing behind it. */
	int stuck;
	/* The driver dropped the card's connection (a revive after a cut): the
	 * next card call connects again (an explicit disconnect does not). */
	int reconnect;
	/* The last error was the card not answering (timeout, removed, absent),
	 * as opposed to an error answer: set by pcsc_err, read by the driver. */
	int missed;
	/* An exchange of a t:parallel branch is under way on its helper thread:
	 * another branch must not use the card meanwhile (bench/engine/par.c). */
	int busy;
	DWORD share, prefer, proto;
	long timeout_ms;
	char reader[256];
	char role[64];
	struct trace *trace;        /* every exchange goes here; NULL: not traced */
	const struct drv_ctx *drv;  /* the driver's (pcsc.c); never used below it */
	struct pcsc_worker *worker; /* runs the bounded calls; started on first use */
	struct pcsc_watch *watch;   /* bounds calls made on the caller's thread
	                             * (pcsc_watch.c); NULL: the worker does */
};

/* One APDU exchange as the suite sees it, after T=0 handling. */
struct pcsc_resp {
	unsigned char data[PCSC_RESP_MAX];
	size_t len; /* data bytes, without SW */
	unsigned sw;
	long us;   /* total duration of all raw exchanges */
	int heard; /* the card answered at least once, even if the exchange failed */
};

/* Chooses the reader whose name equals or matches the fnmatch glob want
 * (NULL: the first) into c->reader. */
int pcsc_pick_reader(struct pcsc *c, const char *want, struct err *e);
/* Connects c->reader with c->share/c->prefer, waiting up to c->timeout_ms
 * for a card. */
int pcsc_connect(struct pcsc *c, struct err *e);
void pcsc_close(struct pcsc *c);
/* After a call was cut (c->stuck): leaves the dead context behind and makes
 * a new one, so one missed answer fails one call, not every later one; the
 * card is connected again by the next card call (c->reconnect). */
int pcsc_revive(struct pcsc *c, struct err *e);

/* Sends apdu; raw=0 follows 61xx with GET RESPONSE and 6Cxx with a re-issue
 * (each raw exchange traced). Fails on timeout, removal or a reader error. */
int pcsc_exchange(struct pcsc *c, const unsigned char *apdu, size_t n, int raw, struct pcsc_resp *r,
                  struct err *e);

/* SCardTransmit/SCardControl/SCardReconnect bounded by c->timeout_ms: made
 * on the caller's thread and cut by c->watch at the deadline, or without a
 * watch run on a worker thread, cancelled and, if it still does not return,
 * abandoned. A call cut or abandoned sets c->stuck. */
LONG pcsc_transmit(struct pcsc *c, const unsigned char *in, size_t n, unsigned char *out,
                   DWORD *outlen);
LONG pcsc_control(struct pcsc *c, DWORD code, const unsigned char *in, size_t n, unsigned char *out,
                  DWORD *outlen);
LONG pcsc_reconnect(struct pcsc *c, DWORD init);
/* Ends the worker thread (pcsc_close calls it). */
void pcsc_worker_stop(struct pcsc *c);

/* SCardEstablishContext/SCardReleaseContext for c; establishing also finds
 * the context's socket so calls can be bounded without a worker thread. */
LONG pcsc_establish(struct pcsc *c);
void pcsc_release(struct pcsc *c);
/* Around one call on the caller's thread: begin returns -1 when c has no
 * watch (use the worker); end returns 1 when the call was cut at its
 * deadline (then c->stuck is set). */
int pcsc_watch_begin(struct pcsc *c);
int pcsc_watch_end(struct pcsc *c);
void pcsc_watch_stop(struct pcsc *c);

/* Message for a PC/SC result code, naming removal/loss plainly. The code
 * is EXIT_BAIL when the service or the reader is gone (pcscd died, reader
 * unplugged: "reader lost"), else EXIT_FAILED; c->missed says whether the
 * card gave no answer at all. */
int pcsc_err(struct err *e, struct pcsc *c, const char *what, LONG rv);

#endif
