/* What the key file tests share (test_keys.c: loading, test_redact.c:
 * redacting what was loaded): a good key file, and writing files in a
 * private directory. Header-only like tap.h. */
#ifndef BENCH_TESTS_UNIT_KEYFILE_H
#define BENCH_TESTS_UNIT_KEYFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Three keys (two versions of one) and a PIN. */
static const char keyfile_good[] = "keys:\n"
                                   "  - role: card\n"
                                   "    id: ssse.ext_auth\n"
                                   "    version: 1\n"
                                   "    algorithm: 3des\n"
                                   "    usage: external_auth\n"
                                   "    value: \"A1B2C3D4E5F60718 293A4B5C6D7E8F90\"\n"
                                   "  - role: card\n"
                                   "    id: ssse.ext_auth\n"
                                   "    version: 2\n"
                                   "    algorithm: 3des\n"
                                   "    value: \"0F1E2D3C4B5A6978 8796A5B4C3D2E1F0\"\n"
                                   "  - role: card\n"
                                   "    id: purse.dpk\n"
                                   "    version: 1\n"
                                   "    algorithm: sm4\n"
                                   "    usage: purchase\n"
                                   "    value: \"5566778899AABBCCDDEEFF0011223344\"\n"
                                   "pins:\n"
                                   "  - role: card\n"
                                   "    id: holder\n"
                                   "    value: \"739184\"\n";

/* Makes dir (cap bytes) a new private directory under $TMPDIR or /tmp;
 * bails out when it cannot. */
static inline void keyfile_mkdir(char *dir, size_t cap, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, cap, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
}

/* Writes text to dir/name with mode; bails out when it cannot. The path is
 * good until the next call. */
static inline const char *keyfile_write(const char *dir, const char *name, const char *text,
                                        mode_t mode)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	chmod(path, mode);
	return path;
}

/* Removes dir and what the test wrote in it. */
static inline void keyfile_rmdir(const char *dir)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

#endif
