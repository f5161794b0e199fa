/* drivers/iio_io.c, sysfs sensor reading, against a fake IIO/hwmon tree:
 * test_iio_io DIR (an empty private directory). Prints TAP. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "drivers/iio_io.h"
#include "tap.h"

static void put(const char *dir, const char *sub, const char *name, const char *text)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, sub);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/%s/%s", dir, sub, name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void sub(const char *dir, const char *s, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", dir, s);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *d = argv[1];
	char p[4096];
	struct err e = {0};
	double v = 0;

	put(d, "iio0", "in_temp_input", "23450\n");
	put(d, "iio0", "in_humidityrelative_input", "51200\n");
	sub(d, "iio0", p, sizeof p);
	tap_ok_diag(sysfs_sensor_read(p, SYSFS_TEMP, &v, &e) == 0 && fabs(v - 23.45) < 1e-9,
	            "IIO processed temperature in milli-C", e.msg);
	tap_ok_diag(sysfs_sensor_read(p, SYSFS_RH, &v, &e) == 0 && fabs(v - 51.2) < 1e-9,
	            "IIO processed humidity in milli-%RH", e.msg);

	put(d, "iio1", "in_temp_raw", "6000\n");
	put(d, "iio1", "in_temp_offset", "-4000\n");
	put(d, "iio1", "in_temp_scale", "10.0\n");
	sub(d, "iio1", p, sizeof p);
	tap_ok_diag(sysfs_sensor_read(p, SYSFS_TEMP, &v, &e) == 0 && fabs(v - 20.0) < 1e-9,
	            "IIO raw: (raw + offset) * scale", e.msg);
	tap_ok_diag(!sysfs_sensor_has(p, SYSFS_RH), "no humidity channel is seen as none", NULL);

	put(d, "hwmon0", "temp1_input", "-12500\n");
	sub(d, "hwmon0", p, sizeof p);
	tap_ok_diag(sysfs_sensor_read(p, SYSFS_TEMP, &v, &e) == 0 && fabs(v + 12.5) < 1e-9,
	            "hwmon temp1_input, negative", e.msg);
	int rc = sysfs_sensor_read(p, SYSFS_RH, &v, &e);
	tap_ok_diag(rc < 0 && strstr(e.msg, "humidity1_input"),
	            "a missing channel names what it looked for", e.msg);

	put(d, "bad", "in_temp_input", "garbage\n");
	sub(d, "bad", p, sizeof p);
	rc = sysfs_sensor_read(p, SYSFS_TEMP, &v, &e);
	tap_ok_diag(rc < 0 && strstr(e.msg, "bad/in_temp_input") && strstr(e.msg, "not a number"),
	            "garbage in the file is an error naming it", e.msg);
	return tap_done();
}
