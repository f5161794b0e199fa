/* The drivers a station file may name (add one line per driver), and what
 * driver.h offers every driver. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "driver.h"

extern const struct driver pcsc_driver;
extern const struct driver ipp_driver;
extern const struct driver modbus_chamber_driver, modbus_relay_driver, modbus_position_driver,
    modbus_sensor_driver;
extern const struct driver iio_sensor_driver;
extern const struct driver scpi_ac_source_driver;
extern const struct driver gpiod_driver;
extern const struct driver netpower_driver;
extern const struct driver service_driver;
extern const struct driver code_scanner_driver;
extern const struct driver sane_driver;
extern const struct driver usb_driver;

static const struct driver *const all[] = {
    &pcsc_driver,
    &ipp_driver,
    &modbus_chamber_driver,
    &modbus_relay_driver,
    &modbus_position_driver,
    &modbus_sensor_driver,
    &iio_sensor_driver,
    &scpi_ac_source_driver,
    &gpiod_driver,
    &netpower_driver,
    &service_driver,
    &code_scanner_driver,
    &sane_driver,
    &usb_driver,
    NULL,
};

const struct driver *driver_find(const char *name)
{
	for (size_t i = 0; all[i]; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

void driver_names(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; all[i] && used < len; i++)
		used +=
		    (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", all[i]->name);
}

void driver_open_modules(lua_State *L)
{
	for (size_t i = 0; all[i]; i++)
		if (all[i]->luaopen) {
			all[i]->luaopen(L);
			lua_setfield(L, -2, all[i]->name);
		}
}

int drv_error(lua_State *L, const struct drv_ctx *ctx, const char *role, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	trace_note(ctx ? ctx->trace : NULL, role, "error: %s", msg);
	return luaL_error(L, "%s: %s", role, msg);
}
