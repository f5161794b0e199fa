/* Temperature and humidity from Linux sysfs: an IIO device directory
 * (/sys/bus/iio/devices/iio:deviceN) or a hwmon one (/sys/class/hwmon/hwmonN).
 * Apart from Lua so tests can point it at a fake tree. */
#ifndef DRIVERS_IIO_IO_H
#define DRIVERS_IIO_IO_H

#include "bench/base/base.h"

enum sysfs_qty { SYSFS_TEMP, SYSFS_RH };

/* Reads the quantity in C or %RH. Tries, in order: IIO processed
 * in_<q>_input (milli-units), IIO (in_<q>_raw + in_<q>_offset) *
 * in_<q>_scale (milli-units), hwmon temp1_input / humidity1_input
 * (milli-units). Errors name the file. */
int sysfs_sensor_read(const char *dir, enum sysfs_qty q, double *out, struct err *e);
/* 1 when dir has a file for q. */
int sysfs_sensor_has(const char *dir, enum sysfs_qty q);

#endif
