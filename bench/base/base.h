/* The base layer of bench: what every other layer builds on and which
 * builds on nothing of bench. Errors as values, hex, diagnostics text,
 * CSV/XML escaping, SHA-256, YAML nodes with positions, option schemas, the
 * station file and the version. */
#ifndef BENCH_BASE_H
#define BENCH_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* Errors are values: a function that can fail returns int (0 ok, -1 failed)
 * and fills a struct err the caller owns. The code is the process exit code
 * the failure maps to when it reaches the CLI. */
enum {
	EXIT_PASS = 0,   /* every test passed */
	EXIT_FAILED = 1, /* some test failed */
	EXIT_USAGE = 2,  /* usage, station, suite or input error */
	EXIT_BAIL = 3,   /* device lost, station unusable */
};

struct err {
	int code;
	char msg[1024];
};

/* Sets e (if non-NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in e with "prefix: ". */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes 2n upper-case hex digits and a NUL into out (size >= 2n+1). */
void hex_encode(const unsigned char *b, size_t n, char *out);
/* The same in lower case (hashes: the trace chain, the manifest). */
void hex_encode_lower(const unsigned char *b, size_t n, char *out);
/* The value of hex digit c (either case), or -1: one load, as redaction
 * reads every character of every trace line with it. */
extern const unsigned char HEX_VALUE[256]; /* value + 1, 0 for a non-digit */
static inline int hex_digit(int c)
{
	return (int)HEX_VALUE[c & 0xFF] - 1;
}
/* Decodes hex, skipping spaces; returns length, or -1 on odd length, bad
 * digit or overflow of cap. */
long hex_decode(const char *s, unsigned char *out, size_t cap);

/* A growable string and the YAML emitter for TAP diagnostics. Strings are
 * always double-quoted and escaped, so a hostile device answer or suite
 * message can never break the YAML block or the TAP stream around it. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom; /* set once an allocation failed; the text is then truncated */
};

void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_add(struct sbuf *b, const char *s, size_t n);
void sb_free(struct sbuf *b);
const char *sb_str(const struct sbuf *b); /* never NULL */

/* Appends s as a double-quoted YAML scalar: control characters, quotes,
 * backslashes and bytes that are not valid UTF-8 are escaped. */
void yaml_quote(struct sbuf *b, const char *s, size_t n);

/* One "key: value" line at indent (spaces). */
void yaml_kv_str(struct sbuf *b, int indent, const char *key, const char *val);
void yaml_kv_num(struct sbuf *b, int indent, const char *key, double v);
/* "key:" opening a nested map or list. */
void yaml_key(struct sbuf *b, int indent, const char *key);

/* Formats a number the way reports show it: integers without a dot, others
 * with up to 10 significant digits. */
void num_format(double v, char *buf, size_t len);
/* Parses s, all of it, as a finite number (no inf, nan, overflow or
 * underflow): every number a user gives (station, answers, command line)
 * goes through here. 0 ok, -1 refused (out untouched). */
int num_parse(const char *s, double *out);

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * byte at s starts none. Every writer of text (TAP, XML/HTML, CSV, JSON)
 * walks its input with it and writes U+FFFD for such a byte. */
size_t utf8_seq(const char *s, size_t n);
#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* One row of measurements.csv split into its fields (RFC 4180 quoting).
 * elapsed (seconds into the run, scaled) is "" in runs recorded before it. */
enum {
	CSV_TEST,
	CSV_NAME,
	CSV_VALUE,
	CSV_UNIT,
	CSV_MIN,
	CSV_MAX,
	CSV_VERDICT,
	CSV_TIME,
	CSV_ELAPSED,
	CSV_N
};

/* Splits the row starting at *p (advanced past its line end) into f[],
 * unquoting into buf. Returns the number of fields, 0 at the end. */
int csv_row(const char **p, char *buf, size_t len, const char *f[CSV_N]);

/* Text for XML and HTML: markup characters escaped; control characters XML
 * 1.0 forbids, U+FFFE/FFFF and bytes that are not UTF-8 written as U+FFFD,
 * so a device's garbage cannot break a report. */
void xml_put(FILE *f, const char *s);
void xml_putn(FILE *f, const char *s, size_t n);

/* SHA-256 as lowercase hex, for the trace chain and the manifest. */
#define SHA256_HEX 65 /* 64 hex digits + NUL */

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX]);
/* Hashes a whole file, streaming. */
int sha256_file(const char *path, char out[SHA256_HEX], struct err *e);

/* A parsed YAML document as a plain tree that remembers where each node came
 * from, so every later check can say file:line:col. Used for station files,
 * answers files, chamber profiles and simulator profiles. Anchors/aliases and
 * tags are refused: station files are data a lab edits by hand. */
enum ynode_kind { YN_SCALAR, YN_MAP, YN_SEQ };

struct ynode {
	enum ynode_kind kind;
	const char *file; /* not owned: the tree's file name */
	int line, col;    /* 1-based, of the value */
	int kline, kcol;  /* child of a YN_MAP: where its key is */
	char *key;        /* child of a YN_MAP: its key; else NULL */
	char *str;        /* YN_SCALAR: the text; else NULL */
	int quoted;       /* YN_SCALAR: was written in quotes (never a number) */
	struct ynode *kids;
	size_t nkids;
};

/* Loads one YAML document. On error returns NULL and e says file:line:col. */
struct ynode *ynode_load_file(const char *path, struct err *e);
struct ynode *ynode_load_buf(const char *name, const char *buf, size_t len, struct err *e);
void ynode_free(struct ynode *root);

/* The child of map n whose key is key, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Scalar conversions; each fails with "file:line:col: <what> must be ..." */
int ynode_int(const struct ynode *n, const char *what, long *out, struct err *e);
int ynode_num(const struct ynode *n, const char *what, double *out, struct err *e);
int ynode_bool(const struct ynode *n, const char *what, int *out, struct err *e);
int ynode_str(const struct ynode *n, const char *what, const char **out, struct err *e);

/* Sets e to "file:line:col: message" for node n; returns -1. */
int ynode_err(struct err *e, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks a YAML map against a list of allowed keys, so a typo in a station
 * file is an error at its line, not a silently ignored option. */
enum opt_type { OPT_STRING, OPT_INT, OPT_NUMBER, OPT_BOOL, OPT_LIST, OPT_MAP, OPT_ANY };

struct opt_spec {
	const char *name;
	enum opt_type type;
	int required;
	const char *help; /* one line, shown by `bench check` on a bad key */
};

/* specs ends with an entry whose name is NULL. Keys in `skip` (NULL-ended,
 * may be NULL) are accepted without checks: they belong to another layer. */
int schema_check(const struct ynode *map, const struct opt_spec *specs, const char *const *skip,
                 struct err *e);

/* Value checks of one option of map, when present (schema_check checked its
 * type): an integer, or a finite number, in lo..hi; a string of a
 * NULL-ended list. Errors name the value's file:line:col. */
int opt_int_range(const struct ynode *map, const char *key, long lo, long hi, struct err *e);
int opt_num_range(const struct ynode *map, const char *key, double lo, double hi, struct err *e);
int opt_oneof(const struct ynode *map, const char *key, const char *const *allowed, struct err *e);
/* An exclusive advisory lock (flock) on a file, held until lock_release or
 * until the process ends however it ends (docs/evidence.md "Locks"). take
 * does not wait: when another process holds it, it fails with EXIT_USAGE
 * and a message naming the holder (its pid, what it is, since when), which
 * the lock file records (who: e.g. "bench run 20261123T153012Z-4f2a"). */
struct lock {
	int fd;
	int held;
	char path[4200]; /* removed on release */
	char since[32];  /* when it was taken, UTC */
};

int lock_take(struct lock *l, const char *path, const char *who, struct err *e);
/* Rewrites who holds it (the run id is known only once the run started). */
void lock_note(struct lock *l, const char *who);
/* Removes the lock file and drops the lock. */
void lock_release(struct lock *l);

/* Writes text to path.tmp and renames it over path (file.c): a reader sees
 * all of it or no file. */
int file_replace(const char *path, const char *text, struct err *e);
/* mkdir -p, mode 0755: 0, or -1 with errno. */
int mkdir_p(const char *path);

/* Path of a program of ours (program.c): $env if set (env may be NULL),
 * else <the folder of the running executable>/rel; "" when it does not fit. */
void program_path(const char *env, const char *rel, char *buf, size_t len);

/* Monotonic time in microseconds, for durations and deadlines: never the
 * wall clock, which NTP may step. Inline: every driver times its calls. */
static inline int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The simulated clock of a time-scaled simulated station (simclock.c): a
 * page at path that the run keeps (keep = 1) and its simulators read
 * (keep = 0). Simulated time runs `scale` times real time; on a leash, so
 * only SIMCLOCK_LEASH_S real seconds past the run's last simclock_now, so it
 * stands still while the run does (docs/station.md "Time scale"). */
#define SIMCLOCK_LEASH_S 0.01
struct simclock;
struct simclock *simclock_open(const char *path, double scale, int keep, struct err *e);
/* Simulated seconds: the run's (a tick, on the leash), or a reader's, which
 * only goes forward (from 0 at its first call). */
double simclock_now(struct simclock *c);
/* Run only: the leash on (a test has the whole station) or off. */
void simclock_leash(struct simclock *c, int on);
/* The run's close takes the leash off: simulated time runs on without it. */
void simclock_close(struct simclock *c);

/* The station file: which device plays which role, and who the DUT is. */
struct driver;

struct role {
	const char *name;            /* "card", "printer", ... */
	const char *driver_name;     /* the `driver:` value */
	const struct driver *driver; /* set by station_check (bench/), never NULL after it */
	const struct ynode *node;    /* the role's map: driver options live here */
	const char *sim;             /* simulator this role talks to, or NULL */
};

struct dut {
	const char *maker, *model, *serial, *firmware;
	const char *class;   /* "desktop", "portable", "self-service", ... or NULL */
	double ups_charge_s; /* the maker's UPS charge time, when has_ups_charge */
	int has_ups_charge;
};

struct station {
	char *path;         /* as given */
	struct ynode *root; /* owns every string below */
	const char *name;
	const char *lab;     /* station.lab: the lab's name, on the report's cover */
	int simulated;       /* station.simulated: true */
	const char *keys;    /* key file as written; station_path() resolves it */
	const char *lab_key; /* signing key as written; station_path() resolves it */
	/* The lab's public key: a PEM file as written (station_path() resolves
	 * it) or "sha256:<hex>", its fingerprint; NULL when not named. */
	const char *lab_pubkey;
	double test_timeout;       /* station.test_timeout: default test timeout, s; 0: bench's */
	const char *operator_name; /* station.operator, or NULL */
	const char *decision_rule; /* station.decision_rule as written, or NULL (simple) */
	struct dut dut;
	struct role *roles;
	size_t nroles;
	const struct ynode *sim; /* the `sim:` map, or NULL */
	char dir[4096];          /* directory of the station file: relative paths resolve here */
	/* The simulators of the `sim:` map (bench/fixtures), set by station_check
	 * in bench/: the engine and the drivers reach them only through this, so
	 * neither links a simulator. NULL: none can be reached. */
	const struct sim_ops *sims;
};

/* The seconds of the station option a test may wait for in real time at
 * time scale 1 (a suite's `waits = { "dut.ups_charge_s" }`), into *secs: 0
 * when the station does not set it. st NULL: only the name is checked.
 * Returns 0, or -1 for a name bench does not know. station.c. */
int station_wait(const struct station *st, const char *name, double *secs);
#define STATION_WAITS "dut.ups_charge_s"

/* The simulated station as the engine (start, stop) and the drivers (where
 * is my simulator?) see it; bench/fixtures/supervisor implements it. */
struct sim_ops {
	int (*is_up)(const struct station *st);
	int (*up)(const struct station *st, double time_scale, struct err *e);
	int (*down)(const struct station *st, struct err *e);
	/* A value a running simulator published: e.g. for a pcscd simulator
	 * "socket", for a printer "uri". */
	int (*get)(const struct station *st, const char *sim, const char *key, char *buf,
	           size_t len, struct err *e);
	/* Where the simulated clock of a time-scaled run lives (simclock_open). */
	void (*clock)(const struct station *st, char *path, size_t len);
};

/* Reads and checks the file's own structure (settings, DUT, roles with a
 * driver name). What depends on the drivers and simulators (options of each
 * role, the sim: map) is station_check's, in bench/. */
int station_load(const char *path, struct station *st, struct err *e);
void station_free(struct station *st);
const struct role *station_role(const struct station *st, const char *name);

/* st->sims->get, or an error when the station has no simulators to ask. */
int station_sim_get(const struct station *st, const char *sim, const char *key, char *buf,
                    size_t len, struct err *e);

/* Resolves a path option relative to the station file's directory into buf. */
const char *station_path(const struct station *st, const char *p, char *buf, size_t len);

/* Driver options of a role. Each returns def when the key is absent. */
const char *role_str(const struct role *r, const char *key, const char *def);
long role_int(const struct role *r, const char *key, long def);
double role_num(const struct role *r, const char *key, double def);

#define BENCH_VERSION "0.1.0"

/* The git commit bench was built from ("unknown" outside a checkout). */
const char *bench_commit(void);

/* The station's instruments (instruments.c, docs/station.md "Instruments"):
 * `instruments: ID: {maker, model, serial, certificate, calibrated, due,
 * uncertainty}`, and a role's `instrument: ID`. The strings belong to the
 * station's tree. */
struct instrument {
	const char *id, *maker, *model, *serial, *certificate;
	const char *calibrated, *due;    /* YYYY-MM-DD */
	const struct ynode *uncertainty; /* "0.3 °C", a list of them, or NULL */
};

/* Each instrument's fields and dates, each role's `instrument:` and the
 * station's decision_rule (station_load calls it). */
int instruments_check(const struct station *st, struct err *e);
/* Instrument id (may be NULL) into in; -1 when the station has none so named. */
int instrument_get(const struct station *st, const char *id, struct instrument *in);
size_t instrument_count(const struct station *st);
const char *instrument_id(const struct station *st, size_t i);
/* The uncertainty in `unit` the instrument states (its guard band); -1: none. */
int instrument_uncertainty(const struct instrument *in, const char *unit, double *u);
/* "±0.3 °C" / "0.3 °C" / "+-0.3 °C" -> 0.3 and "°C"; -1 when not so written. */
int uncertainty_parse(const char *s, double *u, char *unit, size_t len);
/* 1 when its calibration was due before today (YYYY-MM-DD). */
int instrument_overdue(const struct instrument *in, const char *today);
/* The station's instruments whose calibration is past due today, as one
 * message into msg; returns how many. A listed instrument is one the
 * station measures with: a lab removes one it retired. */
int instruments_overdue(const struct station *st, char *msg, size_t len);
/* Before a run: on a real station an overdue instrument refuses it (exit 2,
 * naming it and its due date) unless allow (--allow-overdue); else warns. */
int instruments_gate(const struct station *st, int allow, struct err *e);

/* ILAC-G8 decision rules of a limit check (docs/suite-api.md "Decision rules"). */
enum decision_rule { RULE_SIMPLE, RULE_GUARDED };
/* "simple" (or NULL) / "guarded"; -1 otherwise. */
int decision_rule_parse(const char *s);

#endif
