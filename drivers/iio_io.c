/* sysfs IIO/hwmon sensor reading (see iio_io.h). */
#include "iio_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const iio_name[] = {"temp", "humidityrelative"};
static const char *const hwmon_file[] = {"temp1_input", "humidity1_input"};

/* Reads one number from dir/name. 1: absent, 0: read, -1: error in e. */
static int read_num(const char *dir, const char *name, double *v, struct err *e)
{
	char path[4096], buf[64];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 1 : err_set(e, EXIT_BAIL, "%s: %s", path, strerror(errno));
	/* sysfs reads can fail with EIO/ETIMEDOUT when the sensor does not answer. */
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	int ferr = ferror(f) ? errno : 0;
	fclose(f);
	if (ferr)
		return err_set(e, EXIT_BAIL, "%s: %s", path, strerror(ferr));
	buf[n] = '\0';
	char *end;
	*v = strtod(buf, &end);
	while (*end == '\n' || *end == ' ')
		end++;
	if (end == buf || *end)
		return err_set(e, EXIT_BAIL, "%s: not a number: '%.20s'", path, buf);
	return 0;
}

int sysfs_sensor_read(const char *dir, enum sysfs_qty q, double *out, struct err *e)
{
	char name[64];
	double v, raw, scale = 1, offset = 0;
	snprintf(name, sizeof name, "in_%s_input", iio_name[q]);
	int rc = read_num(dir, name, &v, e);
	if (rc == 0)
		*out = v / 1000.0;
	if (rc <= 0)
		return rc;
	snprintf(name, sizeof name, "in_%s_raw", iio_name[q]);
	rc = read_num(dir, name, &raw, e);
	if (rc == 0) {
		snprintf(name, sizeof name, "in_%s_scale", iio_name[q]);
		if (read_num(dir, name, &scale, e) < 0)
			return -1;
		snprintf(name, sizeof name, "in_%s_offset", iio_name[q]);
		if (read_num(dir, name, &offset, e) < 0)
			return -1;
		*out = (raw + offset) * scale / 1000.0;
		return 0;
	}
	if (rc < 0)
		return -1;
	rc = read_num(dir, hwmon_file[q], &v, e);
	if (rc == 0)
		*out = v / 1000.0;
	if (rc == 1)
		return err_set(e, EXIT_USAGE, "%s: no in_%s_input, in_%s_raw or %s", dir,
		               iio_name[q], iio_name[q], hwmon_file[q]);
	return rc;
}

int sysfs_sensor_has(const char *dir, enum sysfs_qty q)
{
	const char *fmt[] = {"in_%s_input", "in_%s_raw"};
	char path[4096], name[64];
	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof name, fmt[i], iio_name[q]);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (access(path, R_OK) == 0)
			return 1;
	}
	snprintf(path, sizeof path, "%s/%s", dir, hwmon_file[q]);
	return access(path, R_OK) == 0;
}
