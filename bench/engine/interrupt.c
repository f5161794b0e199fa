/* SIGINT, SIGTERM and SIGHUP during a run. The handler only records the
 * signal (the one piece of global state bench allows); the engine acts on
 * it where it is safe to: the count hook (lhook.c) ends the running Lua at
 * its next instruction, bench.sleep and operator prompts look at it while
 * they wait, and run_main then closes the run as interrupted: the point
 * under way is not journaled (bench resume runs it again), the reports say
 * INTERRUPTED, and the simulators this run started are stopped. */
#include "engine.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

/* Read by every thread of the run (suites side by side with --jobs,
 * t:parallel helpers), so an atomic rather than a volatile sig_atomic_t,
 * which is defined for the handler's own thread only. A lock-free atomic is
 * one a handler may store to (C11 7.14.1.1). */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal flag must be lock-free");
static atomic_int caught;

static void on_signal(int sig)
{
	caught = sig;
}

static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

void run_signals_catch(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* Restart what can be restarted (stdio on a pipe, library I/O): the
	 * places that wait for long check the flag themselves. */
	sa.sa_flags = SA_RESTART;
	caught = 0;
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		/* An ignored SIGINT/SIGHUP stays ignored: `nohup bench run` must
		 * survive the hangup, a background job the terminal's Ctrl-C. */
		struct sigaction old;
		if (sigs[i] != SIGTERM && sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void run_signals_default(void)
{
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == on_signal)
			signal(sigs[i], SIG_DFL);
	}
}

int run_signal(void)
{
	return caught;
}

const char *run_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "a signal";
	}
}
