/* A chamber register profile: which Modbus registers of one chamber model
 * hold the setpoints, the actual values, the run switch and the alarm bits,
 * and their scaling. One YAML file per model under bench/fixtures/chambers/,
 * so a lab adds a chamber model without code (see docs/env.md). */
#ifndef DRIVERS_MODBUS_PROFILE_H
#define DRIVERS_MODBUS_PROFILE_H

#include <stddef.h>

#include "modbus_io.h"
#include "bench/base/base.h"

#define CH_MAX_ALARMS 16

struct chprofile {
	struct ynode *root; /* owns the strings below */
	const char *model;
	struct mbreg temp_set, temp_act;
	int has_rh;
	struct mbreg rh_set, rh_act;
	struct mbreg run;
	double run_on, run_off; /* values written to `run` (coil: 1/0) */
	/* Optional: the switch of humidity control, so a step that sets no
	 * humidity turns it off instead of keeping the last setpoint. */
	int has_rh_control;
	struct mbreg rh_control;
	double rh_on, rh_off;
	struct mbreg alarms[CH_MAX_ALARMS];
	size_t nalarms;
	double temp_min, temp_max, rh_min, rh_max; /* setpoints the chamber accepts */
	/* Readings outside these are not a chamber's (a wrong word order, scale or
	 * sign): an error at once, not a stabilisation timeout hours later. */
	double temp_valid[2], rh_valid[2];
	/* Optional: a counter the chamber raises at every alarm, so an alarm that
	 * rose and cleared between two samples is still seen; has_events = 0 when
	 * the profile has none. */
	int has_events;
	struct mbreg events;
	/* Optional: a register counting the device's seconds, so a time-scaled run
	 * can check that a simulator bench did not start runs at its scale. */
	int has_clock;
	struct mbreg clock;
};

int chprofile_load(const char *path, struct chprofile *p, struct err *e);
void chprofile_free(struct chprofile *p);

#endif
