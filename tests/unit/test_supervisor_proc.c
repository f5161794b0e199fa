/* bench/fixtures/supervisor/proc.c: a simulator's process group as
 * `bench sim down` stops it. The leader dies on SIGTERM but a child of it
 * ignores SIGTERM; stop must still leave no process of the group running,
 * and remove the pid file. Prints TAP. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/fixtures/supervisor/internal.h"
#include "tap.h"

static void nap_ms(int ms)
{
	nanosleep(&(struct timespec){ms / 1000, (long)(ms % 1000) * 1000000L}, NULL);
}

/* The pid the leader wrote to file, 0 until it has. */
static pid_t child_of(const char *file)
{
	char buf[32];
	for (int i = 0; i < 100; i++, nap_ms(50))
		if (sim_read_file(file, buf, sizeof buf) == 0 && atoi(buf) > 0)
			return (pid_t)atoi(buf);
	return 0;
}

/* Alive and not a zombie. */
static int running(pid_t pid)
{
	char path[64], stat[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (sim_read_file(path, stat, sizeof stat) < 0)
		return 0;
	const char *paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

int main(void)
{
	char dir[] = "/tmp/test_supervisor_proc.XXXXXX", log[64], pidf[64], kidf[64], script[256];
	if (!mkdtemp(dir))
		return 2;
	snprintf(log, sizeof log, "%s/log", dir);
	snprintf(pidf, sizeof pidf, "%s/leader.pid", dir);
	snprintf(kidf, sizeof kidf, "%s/kid.pid", dir);
	/* The child inherits "ignore SIGTERM" through exec; the plain shell
	 * leader dies of it. */
	snprintf(script, sizeof script,
	         "(trap '' TERM; exec sleep 60) & echo $! > %s.new && mv %s.new %s; wait", kidf,
	         kidf, kidf);
	char *argv[] = {"sh", "-c", script, NULL};
	struct err e = {0};
	tap_ok(sim_spawn(argv, log, pidf, &e) == 0, "spawn a leader with a child");
	pid_t leader = sim_alive(pidf), kid = child_of(kidf);
	tap_ok(leader > 0 && kid > 0 && running(kid), "leader %d and child %d run", (int)leader,
	       (int)kid);
	sim_stop(pidf);
	tap_ok(!running(leader), "the leader is gone after stop");
	tap_ok_diag(!running(kid), "the child that ignores SIGTERM is gone after stop",
	            "still running: stop waited only for the leader");
	tap_ok(access(pidf, F_OK) != 0 && sim_alive(pidf) == 0, "the pid file is removed");
	if (kid > 0)
		kill(kid, SIGKILL);
	unlink(log);
	unlink(kidf);
	rmdir(dir);
	return tap_done();
}
