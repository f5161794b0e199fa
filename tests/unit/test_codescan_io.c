/* drivers/codescan_io.c: a serial scanner over a real pty, a HID scanner's
 * key events through a FIFO, the US key map, timeouts and an overlong
 * symbol. test_codescan_io DIR (a scratch directory). TAP. */
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "drivers/codescan_io.h"
#include "tap.h"

static void test_serial(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	struct codescan c;
	struct err e = {0};
	char out[1100];
	if (m < 0 || grantpt(m) || unlockpt(m) || cs_open(&c, ptsname(m), CS_SERIAL, 9600, &e)) {
		tap_ok_diag(0, "open a pty as the scanner's serial port", e.msg);
		return;
	}
	const char *sent = "6901234567892\r\n\r\nBench-128 #42\nQR";
	tap_ok(write(m, sent, strlen(sent)) == (ssize_t)strlen(sent), "the scanner sends");
	tap_ok(cs_read(&c, out, sizeof out, 1000, &e) == 1 && strcmp(out, "6901234567892") == 0,
	       "serial: the first symbol, CR LF ended");
	tap_ok(cs_read(&c, out, sizeof out, 1000, &e) == 1 && strcmp(out, "Bench-128 #42") == 0,
	       "serial: the empty line is skipped, the second symbol LF ended");
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int r = cs_read(&c, out, sizeof out, 150, &e);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	tap_ok(r == 0 && ms >= 140 && ms < 1000, "serial: an unended symbol is a timeout, in time");
	tap_ok(write(m, "\t", 1) == 1 && cs_read(&c, out, sizeof out, 500, &e) == 1 &&
	           strcmp(out, "QR") == 0,
	       "serial: the symbol completes with TAB");
	char big[1500];
	memset(big, '7', sizeof big - 1);
	big[sizeof big - 1] = '\n';
	tap_ok(write(m, big, sizeof big) == (ssize_t)sizeof big, "a 1499-character symbol is sent");
	r = cs_read(&c, out, sizeof out, 1000, &e);
	tap_ok_diag(r < 0 && strstr(e.msg, "longer than"), "an overlong symbol is an error", e.msg);
	tap_ok(write(m, "late\r\n", 6) == 6, "a symbol is waiting");
	usleep(50000);
	cs_flush(&c);
	tap_ok(cs_read(&c, out, sizeof out, 100, &e) == 0, "flush drops what was waiting");
	cs_close(&c);
	close(m);
	tap_ok_diag(cs_open(&c, "/dev/null", CS_SERIAL, 9600, &e) < 0 && strstr(e.msg, "serial"),
	            "a file that is no tty is refused", e.msg);
	tap_ok_diag(cs_open(&c, "/nonexistent/ttyACM9", CS_SERIAL, 9600, &e) < 0 &&
	                strstr(e.msg, "ttyACM9"),
	            "a missing device names itself", e.msg);
}

static void key(int fd, int code, int value)
{
	struct input_event ev = {.type = EV_KEY, .code = (unsigned short)code, .value = value};
	struct input_event syn = {.type = EV_SYN};
	if (write(fd, &ev, sizeof ev) != sizeof ev || write(fd, &syn, sizeof syn) != sizeof syn)
		tap_ok(0, "write an event");
}

static void press(int fd, int code)
{
	key(fd, code, 1);
	key(fd, code, 0);
}

static void test_hid(const char *dir)
{
	char fifo[4096];
	snprintf(fifo, sizeof fifo, "%s/event0", dir);
	struct codescan c;
	struct err e = {0};
	char out[256];
	if (mkfifo(fifo, 0600) || cs_open(&c, fifo, CS_HID, 0, &e)) {
		tap_ok_diag(0, "open a FIFO as the HID scanner", e.msg);
		return;
	}
	int w = open(fifo, O_WRONLY);
	key(w, KEY_LEFTSHIFT, 1);
	press(w, KEY_B);
	key(w, KEY_LEFTSHIFT, 0);
	press(w, KEY_E);
	press(w, KEY_MINUS);
	press(w, KEY_KP3);
	press(w, KEY_9);
	key(w, KEY_RIGHTSHIFT, 1);
	press(w, KEY_1);
	key(w, KEY_9, 2); /* autorepeat: no character */
	key(w, KEY_RIGHTSHIFT, 0);
	press(w, KEY_ENTER);
	tap_ok_diag(cs_read(&c, out, sizeof out, 1000, &e) == 1 && strcmp(out, "Be-39!") == 0,
	            "HID: shift, keypad digits, punctuation; ENTER ends the symbol", out);
	close(w);
	tap_ok(cs_read(&c, out, sizeof out, 200, &e) <= 0, "HID: nothing more");
	cs_close(&c);
}

static void test_keymap(void)
{
	tap_ok(cs_key_char(KEY_Q, 0) == 'q' && cs_key_char(KEY_M, 1) == 'M' &&
	           cs_key_char(KEY_L, 0) == 'l' && cs_key_char(KEY_0, 0) == '0' &&
	           cs_key_char(KEY_2, 1) == '@' && cs_key_char(KEY_SLASH, 1) == '?' &&
	           cs_key_char(KEY_SPACE, 0) == ' ' && cs_key_char(KEY_LEFTCTRL, 0) == 0,
	       "US key map: letter rows, shifted digits and punctuation, no char for CTRL");
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	test_serial();
	test_hid(argv[1]);
	test_keymap();
	return tap_done();
}
