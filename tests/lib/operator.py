#!/usr/bin/env python3
"""A scripted operator for tests: runs a command on a pseudo-terminal (its
controlling TTY, where bench's t:ask prompts) and answers each prompt
(">>> PROMPT [y/n] ") by the first rule whose regular expression matches the
prompt: the rule's shell command runs first (the operator's hands: a PSAM
swapped in a simulated slot), with the prompt in $PROMPT, and its last line
of output is typed as the answer. A prompt no rule matches is answered "n".
What the command prints goes to stdout, carriage returns dropped.

    operator.py [--on REGEX SHELL]... -- COMMAND [ARG]...

Exit status: the command's."""
import os
import pty
import re
import subprocess
import sys

PROMPT = re.compile(rb">>> (.*) \[(?:y/n|number)\] $")


def answer(rules, prompt):
    for rx, sh in rules:
        if rx.search(prompt):
            out = subprocess.run(sh, shell=True, capture_output=True, text=True,
                                 env=dict(os.environ, PROMPT=prompt)).stdout.split()
            return out[-1] if out else "n"
    return "n"


def main(argv):
    rules = []
    while len(argv) >= 3 and argv[0] == "--on":
        rules.append((re.compile(argv[1]), argv[2]))
        argv = argv[3:]
    if len(argv) < 2 or argv[0] != "--":
        sys.stderr.write(__doc__)
        return 2
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[1], argv[1:])
    seen = b""
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the command closed the terminal
            break
        if not data:
            break
        sys.stdout.buffer.write(data.replace(b"\r", b""))
        sys.stdout.flush()
        seen = (seen + data)[-4096:]
        m = PROMPT.search(seen.split(b"\n")[-1])
        if m:
            seen = b""
            os.write(fd, (answer(rules, m.group(1).decode()) + "\n").encode())
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
