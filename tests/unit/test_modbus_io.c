/* drivers/modbus_io.c (with the register profile of drivers/modbus_profile.c)
 * against the simulated chamber over real Modbus TCP: usage `test_modbus_io
 * PORT CASE PROFILE`, CASE one of normal, drift, noanswer, alarm, humidity.
 * Prints TAP. tests/modbus_io.t starts one server per case with the matching
 * --fault. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/modbus_profile.h"
#include "drivers/modbus_io.h"
#include "tap.h"

static void nap(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
	nanosleep(&ts, NULL);
}

static const struct mbreg sim_clock = {
    .table = MB_INPUT, .address = 20, .words = 2, .scale = 1, .name = "sim clock"};

static double sim_now(struct mbconn *c)
{
	double v = -1;
	struct err e = {0};
	if (mb_read(c, &sim_clock, &v, &e))
		tap_diag("%s", e.msg);
	return v;
}

/* Runs the chamber to (t, rh) and samples it for `secs` simulated seconds;
 * returns the min and max temperature and the last humidity. */
static int soak(struct mbconn *c, const struct chprofile *p, double t, double rh, double secs,
                double *tmin, double *tmax, double *rh_last, struct err *e)
{
	if (mb_write(c, &p->temp_set, t, e) || mb_write(c, &p->rh_set, rh, e) ||
	    mb_write(c, &p->run, p->run_on, e))
		return -1;
	double start = sim_now(c), v;
	*tmin = 1e9, *tmax = -1e9;
	while (sim_now(c) - start < secs) {
		if (mb_read(c, &p->temp_act, &v, e) || mb_read(c, &p->rh_act, rh_last, e))
			return -1;
		*tmin = fmin(*tmin, v);
		*tmax = fmax(*tmax, v);
		nap(0.01);
	}
	return 0;
}

static void case_normal(struct mbconn *c, const struct chprofile *p)
{
	struct err e = {0};
	double lo, hi, rh;
	int rc = soak(c, p, 35.0, 80.0, 3600, &lo, &hi, &rh, &e);
	tap_ok_diag(rc == 0, "one simulated hour at 35 C / 80 %RH", e.msg);
	tap_ok_diag(hi > 35.3 && hi < 37.5, "temperature overshoots the setpoint a little", NULL);
	tap_diag("max %.2f C, last RH %.1f", hi, rh);
	tap_ok_diag(fabs(rh - 80.0) < 2.0, "humidity reaches 80 +- 2 %RH", NULL);
	rc = soak(c, p, 35.0, 80.0, 1800, &lo, &hi, &rh, &e);
	tap_ok_diag(rc == 0 && lo > 34.5 && hi < 35.5, "then stays within 35 +- 0.5 C", e.msg);
	double v = -1;
	tap_ok_diag(mb_read(c, &p->alarms[0], &v, &e) == 0 && v == 0, "no alarm", e.msg);
	struct mbreg bad = p->temp_set;
	tap_ok_diag(mb_write(c, &bad, 5000.0, &e) < 0 && strstr(e.msg, "does not fit"),
	            "a setpoint beyond the register's range is refused", e.msg);
}

static void case_drift(struct mbconn *c, const struct chprofile *p)
{
	struct err e = {0};
	double lo, hi, rh;
	int rc = soak(c, p, 15.0, 50.0, 1800, &lo, &hi, &rh, &e);
	rc = rc ? rc : soak(c, p, 15.0, 50.0, 600, &lo, &hi, &rh, &e);
	tap_diag("range %.2f..%.2f C", lo, hi);
	tap_ok_diag(rc == 0 && lo > 14.5 && hi < 15.5, "settled at 15 C, no drift yet", e.msg);
	rc = soak(c, p, 15.0, 50.0, 2 * 3600, &lo, &hi, &rh, &e);
	tap_diag("range %.2f..%.2f C", lo, hi);
	tap_ok_diag(rc == 0 && hi > 17.5, "the drift fault takes the temperature out of +-2 C",
	            e.msg);
}

static void case_noanswer(struct mbconn *c, const struct chprofile *p)
{
	struct err e = {0};
	nap(0.3);
	double v;
	int rc = mb_read(c, &p->temp_act, &v, &e);
	tap_ok_diag(rc < 0, "a chamber that stopped answering is an error", NULL);
	tap_ok_diag(strstr(e.msg, "temperature actual") && strstr(e.msg, "timed out"),
	            "the error names the register and the timeout", e.msg);
}

static void case_alarm(struct mbconn *c, const struct chprofile *p)
{
	struct err e = {0};
	nap(0.3);
	double v = 0;
	tap_ok_diag(mb_read(c, &p->alarms[0], &v, &e) == 0 && v == 1,
	            "the alarm bit is read as set", e.msg);
}

static void case_humidity(struct mbconn *c, const struct chprofile *p)
{
	struct err e = {0};
	double lo, hi, rh;
	int rc = soak(c, p, 35.0, 80.0, 3600, &lo, &hi, &rh, &e);
	tap_ok_diag(rc == 0 && rh < 75.0, "with the humidity fault 80 %RH is not reached", e.msg);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: test_modbus_io PORT CASE PROFILE\n");
		return 2;
	}
	struct err e = {0};
	struct chprofile p;
	if (chprofile_load(argv[3], &p, &e)) {
		tap_ok_diag(0, "load profile", e.msg);
		return tap_done();
	}
	tap_ok_diag(p.has_rh && p.nalarms == 1, "sim chamber profile loads", NULL);
	struct mbaddr a = {
	    .host = "127.0.0.1", .port = atoi(argv[1]), .unit = 1, .timeout_ms = 200};
	struct mbconn c;
	if (mb_open(&c, &a, &e)) {
		tap_ok_diag(0, "connect", e.msg);
		return tap_done();
	}
	const char *k = argv[2];
	if (!strcmp(k, "normal"))
		case_normal(&c, &p);
	else if (!strcmp(k, "drift"))
		case_drift(&c, &p);
	else if (!strcmp(k, "noanswer"))
		case_noanswer(&c, &p);
	else if (!strcmp(k, "alarm"))
		case_alarm(&c, &p);
	else if (!strcmp(k, "humidity"))
		case_humidity(&c, &p);
	else
		tap_ok_diag(0, "known case", k);
	mb_close(&c);
	chprofile_free(&p);
	return tap_done();
}
