/* What a code scanner sends: lines over a serial port (USB CDC ACM, or a
 * pty in tests) or the key presses of a HID keyboard scanner read through
 * evdev. Apart from Lua so unit tests drive it over a pty and a pipe. */
#ifndef DRIVERS_CODESCAN_IO_H
#define DRIVERS_CODESCAN_IO_H

#include <stddef.h>

#include "bench/base/base.h"

enum cs_iface { CS_SERIAL, CS_HID };

struct codescan {
	int fd;
	enum cs_iface iface;
	char desc[300];
	int shift;       /* HID: a shift key is down */
	char line[1024]; /* the symbol read so far */
	size_t len;
	int overflow; /* the line did not fit: it is reported as an error */
};

/* Opens dev: a tty set raw (8N1, no echo) at baud, or an evdev node (or a
 * pipe of struct input_event in tests). */
int cs_open(struct codescan *c, const char *dev, enum cs_iface iface, int baud, struct err *e);
void cs_close(struct codescan *c);
/* One symbol's text, ended by CR, LF or TAB (serial) or the ENTER/TAB key
 * (HID); empty lines are skipped. Returns 1 with out set, 0 when nothing
 * complete came within timeout_ms, -1 on an error (e names the device). */
int cs_read(struct codescan *c, char *out, size_t cap, int timeout_ms, struct err *e);
/* Drops what is waiting: a symbol read before the test showed its own. */
void cs_flush(struct codescan *c);
/* The character a key code makes on a US layout (linux/input-event-codes.h),
 * 0 when it makes none. */
char cs_key_char(int code, int shift);

#endif
