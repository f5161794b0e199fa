/* drivers/scpi_io.c, the SCPI session, against the simulated AC source:
 * test_scpi_io PORT. TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/scpi_io.h"
#include "tap.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	struct scpi s;
	struct err e = {0};
	char a[128] = "";
	if (scpi_open(&s, "127.0.0.1", atoi(argv[1]), 500, &e)) {
		tap_ok_diag(0, "connect", e.msg);
		return tap_done();
	}
	tap_ok_diag(scpi_query(&s, "*IDN?", a, sizeof a, &e) == 0 && strstr(a, "AC source"),
	            "*IDN?", a);
	tap_ok_diag(scpi_command(&s, "VOLT 198", &e) == 0 && scpi_command(&s, "FREQ 49", &e) == 0 &&
	                scpi_command(&s, "OUTP ON", &e) == 0,
	            "VOLT/FREQ/OUTP accepted", e.msg);
	tap_ok_diag(scpi_query(&s, "MEAS:VOLT?", a, sizeof a, &e) == 0 && atof(a) == 198.0,
	            "MEAS:VOLT? reads 198 V", a);
	tap_ok_diag(scpi_query(&s, "MEAS:FREQ?", a, sizeof a, &e) == 0 && atof(a) == 49.0,
	            "MEAS:FREQ? reads 49 Hz", a);
	int rc = scpi_command(&s, "VOLT 999", &e);
	tap_ok_diag(rc < 0 && strstr(e.msg, "VOLT 999") && strstr(e.msg, "-222"),
	            "an out-of-range setting is the instrument's error, naming the command", e.msg);
	rc = scpi_command(&s, "BOGUS 1", &e);
	tap_ok_diag(rc < 0 && strstr(e.msg, "-113"), "an unknown command is an error", e.msg);
	scpi_close(&s);
	/* A port with nothing listening: connect fails with a clear error. */
	rc = scpi_open(&s, "127.0.0.1", 1, 300, &e);
	tap_ok_diag(rc < 0 && strstr(e.msg, "scpi 127.0.0.1:1"),
	            "connect failure names the address", e.msg);
	return tap_done();
}
