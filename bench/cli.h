#ifndef BENCH_CLI_H
#define BENCH_CLI_H

/* Each takes argv with argv[0] the command name; returns the exit code. */
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
