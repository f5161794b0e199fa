/* Process and file helpers of the simulated station. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim_kind.h"

int sim_path(char *buf, size_t len, const char *dir, const char *name, struct err *e)
{
	if ((size_t)snprintf(buf, len, "%s/%s", dir, name) >= len)
		return err_set(e, EXIT_USAGE, "sim: path too long: %s/%s", dir, name);
	return 0;
}

int sim_write_file(const char *path, const char *text, struct err *e)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return err_set(e, EXIT_BAIL, "sim: cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		return err_set(e, EXIT_BAIL, "sim: cannot write %s: %s", path, strerror(errno));
	return 0;
}

int sim_read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

int sim_spawn(char *const argv[], const char *log, const char *pidfile, struct err *e)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, EXIT_BAIL, "sim: cannot open log %s: %s", log, strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(fd);
		return err_set(e, EXIT_BAIL, "sim: fork: %s", strerror(errno));
	}
	if (pid == 0) {
		setsid();
		int nul = open("/dev/null", O_RDONLY);
		dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		for (int f = 3; f < 1024; f++) /* no bench file or socket leaks in */
			close(f);
		execvp(argv[0], argv);
		dprintf(2, "sim: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd);
	char txt[32];
	snprintf(txt, sizeof txt, "%d\n", (int)pid);
	return sim_write_file(pidfile, txt, e);
}

pid_t sim_alive(const char *pidfile)
{
	char buf[32];
	if (sim_read_file(pidfile, buf, sizeof buf) < 0)
		return 0;
	pid_t pid = (pid_t)atoi(buf);
	if (pid <= 0)
		return 0;
	waitpid(pid, NULL, WNOHANG); /* reap it if it is our own dead child */
	if (kill(pid, 0) != 0)
		return 0;
	/* A zombie nobody reaps (its parent `bench sim up` is gone and the
	 * container's init may not reap) is dead for us. */
	char path[64], stat[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (sim_read_file(path, stat, sizeof stat) == 0) {
		const char *paren = strrchr(stat, ')');
		if (paren && paren[1] == ' ' && paren[2] == 'Z')
			return 0;
	}
	return pid;
}

void sim_stop(const char *pidfile)
{
	pid_t pid = sim_alive(pidfile);
	if (pid > 0) {
		kill(-pid, SIGTERM);
		for (int i = 0; i < 30 && sim_alive(pidfile); i++)
			nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
		if (sim_alive(pidfile))
			kill(-pid, SIGKILL);
		/* A loaded host (or a sanitizer build tearing down) can take a
		 * while to reap even after SIGKILL: down returns when it is gone. */
		for (int i = 0; i < 50 && sim_alive(pidfile); i++)
			nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
	}
	unlink(pidfile);
}

static int port_free(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	int ok = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* A seed from the kernel: pid ^ time gave two stations started a second apart
 * by consecutive pids the same seed, hence the same ports. */
static unsigned port_seed(void)
{
	unsigned seed;
	if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
		seed = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
	return seed;
}

/* First port the kernel hands out to outgoing connections: ours are picked
 * below it, where no client socket can take one before our server binds it. */
static int ephemeral_start(void)
{
	char buf[64];
	int lo = 0;
	if (sim_read_file("/proc/sys/net/ipv4/ip_local_port_range", buf, sizeof buf) == 0)
		lo = atoi(buf);
	return lo > 22000 ? lo : 32768;
}

int sim_free_ports(int n, struct err *e)
{
	unsigned seed = port_seed();
	int span = ephemeral_start() - 20000 - n;
	for (int tries = 0; tries < 200; tries++) {
		int p = 20000 + (int)(rand_r(&seed) % (unsigned)span), k = 0;
		while (k < n && port_free(p + k))
			k++;
		if (k == n)
			return p;
	}
	return err_set(e, EXIT_BAIL, "sim: no %d free consecutive TCP ports found", n);
}

/* Inodes of the sockets listening on TCP port (IPv4 and IPv6), at most max. */
static size_t listeners(int port, unsigned long *ino, size_t max)
{
	static const char *const tables[] = {"/proc/net/tcp", "/proc/net/tcp6"};
	size_t n = 0;
	for (size_t t = 0; t < 2; t++) {
		FILE *f = fopen(tables[t], "r");
		char line[512], local[64];
		unsigned lport, st;
		unsigned long inode;
		while (f && fgets(line, sizeof line, f))
			if (sscanf(line, " %*d: %63[0-9A-Fa-f]:%x %*s %x %*s %*s %*s %*s %*s %lu",
			           local, &lport, &st, &inode) == 4 &&
			    (int)lport == port && st == 0x0A && n < max)
				ino[n++] = inode;
		if (f)
			fclose(f);
	}
	return n;
}

static int holds_socket(pid_t pid, unsigned long inode)
{
	char dir[64], link[PATH_MAX + 64], want[64], got[64];
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	snprintf(want, sizeof want, "socket:[%lu]", inode);
	DIR *d = opendir(dir);
	struct dirent *de;
	int found = 0;
	while (d && !found && (de = readdir(d))) {
		snprintf(link, sizeof link, "%s/%s", dir, de->d_name);
		ssize_t k = readlink(link, got, sizeof got - 1);
		found = k > 0 && (got[k] = 0, strcmp(got, want) == 0);
	}
	if (d)
		closedir(d);
	return found;
}

long sim_file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

int sim_log_says(const char *path, long from, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int found = 0;
	if (f && fseek(f, from, SEEK_SET) == 0)
		while (!found && fgets(line, sizeof line, f))
			found = strstr(line, needle) != NULL;
	if (f)
		fclose(f);
	return found;
}

int sim_port_owner(int port, pid_t pid)
{
	unsigned long ino[16];
	size_t n = listeners(port, ino, 16);
	for (size_t i = 0; i < n; i++)
		if (holds_socket(pid, ino[i]))
			return 1;
	return n ? -1 : 0;
}

void sim_program(const char *env, const char *rel, char *buf, size_t len)
{
	const char *over = getenv(env);
	char exe[PATH_MAX];
	if (over) {
		snprintf(buf, len, "%s", over);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (snprintf(buf, len, "%s/fixtures/%s", exe, rel) >= (int)len)
		buf[0] = '\0';
}
