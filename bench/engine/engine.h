/* The engine: one run of suites against a station, as the commands
 * drive it. */
#ifndef BENCH_ENGINE_H
#define BENCH_ENGINE_H

#include <lua.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "bench/base/base.h"
#include "drivers/driver.h"

/* The run context: everything one `bench run` owns. It is the only mutable
 * state shared across modules, and it is passed, never global. */
struct tap;
struct trace;
struct answers;
struct secrets;
struct journal;
struct replay;
struct suite;

struct counts {
	int pass, fail, skip, todo;
};

/* The Lua files a run's tests come from, with their SHA-256 (provenance.c). */
struct source {
	char *path; /* as the run names it (relative to its cwd) */
	char sha[SHA256_HEX];
};

struct sources {
	struct source *v;
	size_t n;
};

struct run {
	const struct station *st;
	char id[64];                   /* sortable by time: 20261123T153012Z-4f2a */
	char dir[4096];                /* reports/<id> */
	double time_scale;             /* 1.0 real time; > 1 only on simulated stations */
	const char *filter;            /* fnmatch glob over test ids, or NULL */
	const struct answers *answers; /* --answers FILE, or NULL */
	int interactive;               /* operator prompts may go to the TTY */
	int tap_version;               /* 14 (default) or 13 */
	const char *lang;              /* of report.html, "en" or "zh"; NULL: the locale's */
	struct secrets *secrets;       /* keys/PINs redacted from every output, or NULL */
	struct tap *tap;
	FILE *csv; /* measurements.csv */
	struct trace *trace;
	struct syncer *sync; /* fsyncs trace.log, results.tap, the CSV and the journal in groups */
	struct counts counts;
	_Atomic int bailed; /* read by every suite of a --jobs run: atomic */
	char bail_reason[512];
	char current_test[256]; /* id of the test running, for the trace */
	/* run_mono() at start (moved back by a resume, run_clock_replay);
	 * atomic: the suites of --jobs read it while one of them replays. */
	_Atomic double started;
	/* A time-scaled simulated station's clock, shared with its simulators
	 * (bench/base/simclock.c; NULL: real time, scaled), and its reading when
	 * the run's elapsed time was 0 (moved back by a resume too). */
	struct simclock *clock;
	_Atomic double clock_zero;
	char start_time[32]; /* ISO 8601 UTC */
	/* Evidence (issue 8): the journal of finished points, the records a
	 * resumed run replays (NULL on a fresh run), LAVA signals on stdout. */
	struct journal *journal;
	struct replay *replay;
	int lava;
	const char *answers_path;
	char **suite_paths; /* recorded in run.json for bench resume */
	int nsuites;
	int resumes;        /* how many times this run was resumed */
	struct drv_ctx drv; /* what the drivers see of this run, set when it starts */
	/* Provenance (issue 14), in run.json: the suite files' hashes and the
	 * fingerprint (hex) of the lab key the station names ("" if none). */
	struct sources sources;
	char lab_fpr[SHA256_HEX];
	_Atomic int lost;        /* some evidence could not be written: the run bailed out */
	_Atomic int interrupted; /* the signal that ended the run (interrupt.c), or 0 */
	/* Held for the whole run (docs/evidence.md "Locks"): the run directory,
	 * so two `bench resume` cannot both append to it, and the station, so
	 * two runs cannot send commands to the same devices. */
	struct lock dir_lock, station_lock;
	struct role_health *health; /* per station role (lbench.c): lost devices */
	/* Called once the run has started, before its first test, with the
	 * suites loaded: bench run prints its plan there (bench/plan.c), after
	 * every input check, so an error is still the first thing said. NULL:
	 * nothing. */
	void (*announce)(const struct run *r, const struct suite *suites, int n);
	const char *operator_name; /* --operator, else the station's operator:, or NULL */
	int allow_overdue;         /* --allow-overdue: started with an instrument past due */
	/* --jobs N (jobs.c, docs/evidence.md "Suites side by side"): up to N
	 * suites with disjoint roles run at once, each on its own thread with
	 * its own Lua state. mu guards what they share: counts, bail_reason,
	 * current_test, the journal, measurements.csv and the TAP sinks. */
	int jobs;              /* 1: one suite after the other */
	pthread_mutex_t mu;    /* initialised by run_main */
	int (*overlap)[2];     /* pairs of suite numbers that ran side by side */
	size_t noverlap;       /* for run.json "side_by_side" */
	char usage_error[512]; /* a suite used a role it did not declare: exit 2 */
	/* bench resume: the tests the run died in after their t:finally was
	 * registered and before it ran, each id and a newline (lfinally_left),
	 * noted on their points; "". */
	char finally_left[4096];
	/* leftmark.c: where this station's markers of a changed station are
	 * ("" none); --station-checked; the markers it removed, for trace.log. */
	char left_dir[4200];
	int station_checked;
	struct sbuf left_cleared;
};

/* How a role fared (drivers/driver.h drv_ctx.health): tests in a row in
 * which it never answered, and in the running test whether it answered or
 * failed to. DRV_MAX_MISSES such tests in a row: the device is lost. */
struct role_health {
	int missed;
	int answered, failed;
	char last[256]; /* the last failure's message */
};

/* Station-level loss (reader gone, printer offline): the run ends with
 * "Bail out!" and exit 3 after the current test. */
void run_bail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Monotonic seconds, and the same scaled by the run's time scale (what a
 * suite sees as elapsed time in a time-scaled simulated run). */
double run_mono(void);
/* Seconds since r started, scaled (on the station's simulated clock when it
 * has one): bench.clock(), and measurements.csv's elapsed column. */
double run_elapsed(const struct run *r);
/* A replayed point's measurements.csv rows (bench resume): the run's clock
 * goes on from their latest elapsed time, so a resumed run's rows do not
 * start again at 0. */
void run_clock_replay(struct run *r, const char *csv);

/* SIGINT, SIGTERM and SIGHUP during a run (interrupt.c): catch records the
 * signal, run_signal returns it (0: none) so the engine can end the run
 * cleanly; default puts the default actions back. */
void run_signals_catch(void);
void run_signals_default(void);
int run_signal(void);
const char *run_signal_name(int sig); /* "SIGTERM" */

/* The locks of a run (locks.c, docs/evidence.md "Locks"), released by
 * lock_release or when the process ends: the run directory (DIR/run.lock)
 * and the station (a file in /run/lock keyed by the station file's path; a
 * station without roles has no device and is not locked). A lock another
 * process holds fails with EXIT_USAGE naming it. who: what the lock file
 * says holds it, e.g. "bench resume 20261123T153012Z-4f2a". */
int run_lock_dir(struct run *r, const char *dir, const char *who, struct err *e);
int run_lock_station(struct run *r, const char *who, struct err *e);
/* What tells one station from another (locks.c): its file's absolute path
 * and, simulated, BENCH_SIM_DIR, hashed. */
void station_hash(const struct station *st, char hash[SHA256_HEX]);
/* bench check: EXIT_USAGE naming each test a run that died left the
 * station changed in, by the station's markers (leftmark.c). */
int leftmark_station(const struct station *st, struct err *e);

/* A test's timeout in real seconds (never scaled by --time-scale): the
 * station's `test_timeout`, or TEST_TIMEOUT_DEFAULT without one; a test's
 * own `timeout` instead when that is longer (a station lengthens, never
 * shortens, what a test declares). d may be NULL (loading a suite), r too
 * (bench list / check). */
#define TEST_TIMEOUT_DEFAULT 600.0
struct testdecl;
double run_timeout(const struct run *r, const struct testdecl *d);

/* v as a JSON string (runfiles.c). */
void json_value(struct sbuf *b, const char *v);
/* run.json's lab record (labjson.c, docs/evidence.md "run.json"): the
 * operator, the decision rule, the instruments and their calibration status
 * on the run's date, and whether the run was let start with one overdue. */
void runjson_lab(const struct run *r, struct sbuf *b);
/* "# CALIBRATION OVERDUE ..." in the TAP stream of a run that has one. */
void calibration_comment(struct run *r);

/* The files of reports/<run-id>/ that every run writes. */
struct run;

/* Picks the run id, creates outdir/<id>/ and opens results.tap (teed to
 * stdout), measurements.csv and trace.log. */
int runfiles_open(struct run *r, const char *outdir, struct err *e);
/* Writes run.json and the reports and closes everything; code is the run's
 * exit code. A file that cannot be written makes it -1 with e->code 3. */
int runfiles_close(struct run *r, int code, struct err *e);

/* Evidence that could not be written ends the run (exit 3): the reason goes
 * to stderr, to the TAP "Bail out!" and, while the journal still takes it,
 * into a bail record, which makes the end final for `bench resume` too. */
void run_lost(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Checks the files the run writes as it goes (trace.log, results.tap);
 * -1 after run_lost when one failed. */
int runfiles_check(struct run *r);
/* Makes what the run wrote so far durable now (a long point's end): -1
 * after run_lost when a sync failed. */
int runfiles_sync(struct run *r);

/* Hashes each suite file and the *.lua of the lib/ folders it can require. */
int sources_hash(char *const *suites, int n, struct sources *s, struct err *e);
void sources_free(struct sources *s);
/* The fingerprint (hex) of the lab key the station names by lab_pubkey, else
 * of its lab_key, else "". Fails (exit 2) when lab_key cannot be read or is
 * not the key lab_pubkey names. */
int lab_identity(const struct station *st, char fpr[SHA256_HEX], struct err *e);

/* bench run's entry (run.c). */
int run_main(struct run *r, char **args, int nargs, const char *outdir, struct err *e);

/* A suite file: loaded into its own Lua state, which declares its tests. */
struct run;

struct testdecl {
	char *id, *title, *clause, *todo;
	char *title_zh; /* the Chinese title, or NULL (docs/suite-api.md) */
	char **roles;
	size_t nroles;
	/* `uses`: roles used when the station has them (a workload, a
	 * reference sensor); `duration`: expected seconds at time scale 1, 0
	 * when not declared; `dut_class`: for DUTs of that class only (or of
	 * one of "a|b|c"), or NULL. bench plan reads them (docs/campaign.md). */
	char **uses;
	size_t nuses;
	char **waits; /* `waits`: station options (station_wait) added to duration */
	size_t nwaits;
	double duration;
	char *dut_class;

	int exclusive;    /* `exclusive = true`: needs the whole station */
	int fn_ref;       /* registry reference of run() */
	int rest_ref;     /* of rest() or rest_at_resume(), or LUA_NOREF (lfinally_rest) */
	int rest_finally; /* rest_ref is rest: also the test's first t:finally */
	int line;         /* where test{} was called */
	double timeout;   /* `timeout =` in real seconds, or 0: run_timeout's default */
	char *rule;       /* `decision_rule =` of the test, or NULL */
};

/* Whether a test applies to a DUT of class (NULL: none set): its
 * dut_class is NULL, or lists class ("a|b|c"). suite.c. */
int testdecl_for_class(const struct testdecl *d, const char *class);

/* The roles a suite needs (roleset.c), for bench run --jobs and bench
 * plan: the ones its header declares (suite{roles = {...}}), else the union
 * of its tests' `roles`. exclusive: the suite or one of its tests declares
 * `exclusive = true` (it needs the whole station, e.g. power-cycles the
 * DUT): it runs alone. */
struct roleset {
	char **v; /* role names, sorted, each once */
	size_t n;
	int declared; /* from the suite header: what it uses is checked against it */
	int exclusive;
};

struct lane;

/* A suite's Lua heap: bytes held, capped at SUITE_HEAP_MAX, and freed
 * blocks of up to HEAP_POOLED bytes kept for reuse, HEAP_KEPT bytes of
 * them at most (bench/engine/heap.c). */
#define HEAP_STEP    16
#define HEAP_POOLED  512
#define HEAP_CLASSES (HEAP_POOLED / HEAP_STEP)
#define HEAP_KEPT    ((size_t)4 << 20)
struct heap {
	size_t used, kept;
	void *free[HEAP_CLASSES]; /* per class of HEAP_STEP bytes, linked through the blocks */
};
/* Lua's lua_Alloc over ud, a struct heap; heap_close frees the kept blocks
 * once the state is closed. */
void *heap_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
void heap_close(struct heap *h);

struct suite {
	char *path;
	char *title, *standard;
	char *rule;           /* suite{decision_rule =}, or NULL */
	struct roleset roles; /* set by suite_load (suite_roleset) */
	struct lane *lane;    /* --jobs: where its TAP waits to be written whole, or NULL */
	lua_State *L;
	struct heap heap; /* L's allocator: what L holds, capped (SUITE_HEAP_MAX) */
	struct testdecl *tests;
	size_t ntests;
};

/* A suite's Lua heap: past it an allocation fails as Lua's "not enough
 * memory" error, so a runaway suite (s = s .. s in a loop) fails its own
 * load or test instead of the machine killing the run. */
#define SUITE_HEAP_MAX ((size_t)256 << 20)

/* Completes s->roles once the suite has declared its tests: the union of
 * their roles when the header declares none; a test's role missing from
 * the header's list is an error (exit 2). suite_load calls it. */
int suite_roleset(struct suite *s, struct err *e);
int roleset_has(const struct roleset *rs, const char *role);
int roleset_disjoint(const struct roleset *a, const struct roleset *b);
void roleset_free(struct roleset *rs);

/* Loads and declares; run may be NULL (list/check). Errors: file:line. */
int suite_load(const char *path, struct run *run, struct suite *s, struct err *e);
void suite_free(struct suite *s);
/* Test ids are unique in a run and each suite file is named once: an error
 * names the second suite's line and the first one's. */
int suites_unique(const struct suite *s, int n, struct err *e);
/* Closes the suite's Lua state once it has run: its device objects are
 * garbage-collected (closed) so the next suite can open them exclusively.
 * The declarations stay for reports. */
void suite_close(struct suite *s);

/* Expands SUITE arguments (files, or directories of *.lua, sorted) into
 * paths; returns the count or -1. */
int suite_paths(char **args, int nargs, char ***paths, struct err *e);
void suite_paths_free(char **paths, int n);

/* The answers file of an unattended run: operator answers keyed by
 * "<test id>.<key>", so a visual check can be answered ahead of time. */
struct answers {
	struct ynode *root;
};

int answers_load(const char *path, struct answers *a, struct err *e);
void answers_free(struct answers *a);
/* The answer node for key, or NULL when the file has none. */
const struct ynode *answers_get(const struct answers *a, const char *key);
/* 1 when key has the form "<test id>.<ask key>" (test id as test{} takes
 * it, ask key [A-Za-z0-9_]+): answers_load refuses any other key. */
int answer_key_ok(const char *key);
/* Keys for no test of the loaded suites: allowed (one answers file serves
 * runs of any subset of a lab's suites), each named in a note to out (may
 * be NULL); returns their count. */
int answers_unknown(const struct answers *a, const struct suite *suites, int n, FILE *out);
/* The keys given for test id, comma-separated into buf; returns their count.
 * A SKIP for a missing answer names them, so a typo in an ask key shows. */
size_t answers_of(const struct answers *a, const char *id, char *buf, size_t len);

/* The journal of an interrupted run, read back by `bench resume`: points it
 * records are replayed, the first one it lacks and all after it are run. */
struct jrec;
struct replay;

/* Reads path up to its last complete record; NULL + e on error. */
struct replay *replay_open(const char *path, struct err *e);
void replay_close(struct replay *p);
/* The record of test id in suite number suite if it is the next one, else
 * NULL. The journal holds ids redacted (s: the run's secrets, or NULL), so
 * id is compared redacted. */
const struct jrec *replay_match(struct replay *p, int suite, const char *id,
                                const struct secrets *s);
/* The last checkpoint test id saved before the interruption, or NULL. */
const char *replay_checkpoint(const struct replay *p, const char *id, const struct secrets *s,
                              size_t *len);
/* Calls fn with each failure of the DUT test id saw before the interruption
 * (journal_failure), in the order seen; returns how many. */
int replay_seen(const struct replay *p, const char *id, const struct secrets *s,
                void (*fn)(void *arg, const char *text, size_t len), void *arg);
/* The reason of the journal's bail record, once the replay has read it
 * (the run it resumes lost evidence and ended there), else NULL. */
const char *replay_bail(const struct replay *p);

#endif
