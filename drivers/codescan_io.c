#include "codescan_io.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static speed_t speed_of(int baud)
{
	switch (baud) {
	case 1200:
		return B1200;
	case 2400:
		return B2400;
	case 4800:
		return B4800;
	case 9600:
		return B9600;
	case 19200:
		return B19200;
	case 38400:
		return B38400;
	case 57600:
		return B57600;
	case 115200:
		return B115200;
	}
	return B0;
}

static int set_raw(struct codescan *c, int baud, struct err *e)
{
	struct termios t;
	speed_t sp = speed_of(baud);
	if (sp == B0)
		return err_set(e, EXIT_USAGE, "%s: baud %d not supported", c->desc, baud);
	if (tcgetattr(c->fd, &t) < 0)
		return err_set(e, EXIT_BAIL, "%s: not a serial port: %s", c->desc, strerror(errno));
	cfmakeraw(&t);
	cfsetspeed(&t, sp);
	t.c_cflag |= CLOCAL | CREAD;
	if (tcsetattr(c->fd, TCSANOW, &t) < 0)
		return err_set(e, EXIT_BAIL, "%s: %s", c->desc, strerror(errno));
	return 0;
}

int cs_open(struct codescan *c, const char *dev, enum cs_iface iface, int baud, struct err *e)
{
	memset(c, 0, sizeof *c);
	c->iface = iface;
	snprintf(c->desc, sizeof c->desc, "code scanner %s (%s)", dev,
	         iface == CS_HID ? "HID" : "serial");
	int flags = (iface == CS_HID ? O_RDONLY : O_RDWR | O_NOCTTY) | O_NONBLOCK | O_CLOEXEC;
	c->fd = open(dev, flags);
	if (c->fd < 0)
		return err_set(e, EXIT_BAIL, "%s: %s", c->desc, strerror(errno));
	if (iface == CS_SERIAL && set_raw(c, baud, e) < 0) {
		cs_close(c);
		return -1;
	}
	/* A HID scanner types into whatever has the focus unless grabbed; a pipe
	 * (tests) cannot be, and that is fine. */
	if (iface == CS_HID)
		ioctl(c->fd, EVIOCGRAB, 1);
	return 0;
}

void cs_close(struct codescan *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

char cs_key_char(int code, int shift)
{
	static const struct {
		int code;
		char plain, shifted;
	} keys[] = {
	    {KEY_1, '1', '!'},           {KEY_2, '2', '@'},          {KEY_3, '3', '#'},
	    {KEY_4, '4', '$'},           {KEY_5, '5', '%'},          {KEY_6, '6', '^'},
	    {KEY_7, '7', '&'},           {KEY_8, '8', '*'},          {KEY_9, '9', '('},
	    {KEY_0, '0', ')'},           {KEY_MINUS, '-', '_'},      {KEY_EQUAL, '=', '+'},
	    {KEY_LEFTBRACE, '[', '{'},   {KEY_RIGHTBRACE, ']', '}'}, {KEY_SEMICOLON, ';', ':'},
	    {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'},      {KEY_BACKSLASH, '\\', '|'},
	    {KEY_COMMA, ',', '<'},       {KEY_DOT, '.', '>'},        {KEY_SLASH, '/', '?'},
	    {KEY_SPACE, ' ', ' '},       {KEY_KP0, '0', '0'},        {KEY_KP1, '1', '1'},
	    {KEY_KP2, '2', '2'},         {KEY_KP3, '3', '3'},        {KEY_KP4, '4', '4'},
	    {KEY_KP5, '5', '5'},         {KEY_KP6, '6', '6'},        {KEY_KP7, '7', '7'},
	    {KEY_KP8, '8', '8'},         {KEY_KP9, '9', '9'},        {KEY_KPMINUS, '-', '-'},
	    {KEY_KPPLUS, '+', '+'},      {KEY_KPDOT, '.', '.'},      {KEY_KPASTERISK, '*', '*'},
	    {KEY_KPSLASH, '/', '/'},
	};
	static const char *const rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
	static const int first[] = {KEY_Q, KEY_A, KEY_Z};
	for (int r = 0; r < 3; r++)
		if (code >= first[r] && code < first[r] + (int)strlen(rows[r]))
			return (char)(rows[r][code - first[r]] - (shift ? 'a' - 'A' : 0));
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].code == code)
			return shift ? keys[i].shifted : keys[i].plain;
	return 0;
}

/* Adds ch to the line; 1 when ch ended a non-empty line. */
static int put(struct codescan *c, int end, char ch)
{
	if (end)
		return c->len > 0 || c->overflow;
	if (c->len + 1 < sizeof c->line)
		c->line[c->len++] = ch;
	else
		c->overflow = 1;
	return 0;
}

static int feed_event(struct codescan *c, const struct input_event *ev)
{
	if (ev->type != EV_KEY)
		return 0;
	if (ev->code == KEY_LEFTSHIFT || ev->code == KEY_RIGHTSHIFT) {
		c->shift = ev->value != 0;
		return 0;
	}
	if (ev->value != 1) /* releases and autorepeat */
		return 0;
	int end = ev->code == KEY_ENTER || ev->code == KEY_KPENTER || ev->code == KEY_TAB;
	char ch = cs_key_char(ev->code, c->shift);
	return (end || ch) && put(c, end, ch);
}

/* Reads what is there into the line; 1 line complete, 0 not yet, -1 error. */
static int step(struct codescan *c, struct err *e)
{
	if (c->iface == CS_HID) {
		struct input_event ev;
		ssize_t k = read(c->fd, &ev, sizeof ev);
		if (k == (ssize_t)sizeof ev)
			return feed_event(c, &ev);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return err_set(e, EXIT_BAIL, "%s: %s", c->desc,
		               k < 0 ? strerror(errno) : "device gone (short read)");
	}
	char b;
	ssize_t k = read(c->fd, &b, 1); /* one byte: what follows the line stays queued */
	if (k == 1)
		return put(c, b == '\r' || b == '\n' || b == '\t', b);
	if (k < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return err_set(e, EXIT_BAIL, "%s: %s", c->desc, k < 0 ? strerror(errno) : "closed");
}

int cs_read(struct codescan *c, char *out, size_t cap, int timeout_ms, struct err *e)
{
	long end = (long)(mono_us() / 1000) + timeout_ms;
	for (;;) {
		int r = step(c, e);
		if (r < 0)
			return -1;
		if (r == 1) {
			int over = c->overflow;
			snprintf(out, cap, "%.*s", (int)c->len, c->line);
			c->len = 0, c->overflow = 0;
			if (over)
				return err_set(e, EXIT_USAGE,
				               "%s: a symbol longer than %zu characters", c->desc,
				               sizeof c->line - 1);
			return 1;
		}
		long left = end - (long)(mono_us() / 1000);
		if (left <= 0)
			return 0;
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return err_set(e, EXIT_BAIL, "%s: poll: %s", c->desc, strerror(errno));
	}
}

void cs_flush(struct codescan *c)
{
	char b[sizeof(struct input_event) * 16]; /* whole events, for a pipe too */
	while (read(c->fd, b, sizeof b) > 0)
		;
	c->len = 0, c->overflow = 0, c->shift = 0;
}
