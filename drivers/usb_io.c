/* sysfs: /sys/bus/usb/devices/<bus-port> holds idVendor, idProduct,
 * product, manufacturer; its interfaces <bus-port>:<config>.<n> hold
 * bInterfaceClass (hex) and a `driver` link to
 * /sys/bus/usb/drivers/<name>, whose `module` link (absent for a driver
 * built into the kernel) leads to /sys/module/<m>/taint. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "usb_io.h"

/* The first line of dir/leaf into buf (trailing newline cut); 0, or -1
 * when there is no such file. */
static int read_line(const char *dir, const char *leaf, char *buf, size_t len)
{
	char path[4400];
	snprintf(path, sizeof path, "%s/%s", dir, leaf);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int hex_at(const char *dir, const char *leaf, int *v, struct err *e)
{
	char s[16], *end;
	if (read_line(dir, leaf, s, sizeof s) != 0)
		return err_set(e, EXIT_BAIL, "%s/%s: %s", dir, leaf, strerror(errno));
	*v = (int)strtol(s, &end, 16);
	return end != s && *end == '\0'
	           ? 0
	           : err_set(e, EXIT_BAIL, "%s/%s: '%s' is no hex byte", dir, leaf, s);
}

/* The driver bound to interface dir, and whether its module is tainted
 * out-of-tree (O) or unsigned (E). */
static void bound_driver(const char *dir, struct usb_if *i)
{
	char link[4400], target[4400], taint[32];
	snprintf(link, sizeof link, "%s/driver", dir);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	snprintf(i->driver, sizeof i->driver, "%s", basename(target));
	snprintf(link, sizeof link, "%s/driver/module", dir);
	if (read_line(link, "taint", taint, sizeof taint) == 0)
		i->out_of_tree = strchr(taint, 'O') || strchr(taint, 'E');
}

static int interfaces(const char *devs, struct usb_dev *d, struct err *e)
{
	DIR *dp = opendir(devs);
	if (!dp)
		return err_set(e, EXIT_BAIL, "%s: %s", devs, strerror(errno));
	size_t n = strlen(d->name);
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(dp)) && d->nifs < USB_MAX_IFS) {
		if (strncmp(de->d_name, d->name, n) != 0 || de->d_name[n] != ':')
			continue;
		struct usb_if *i = &d->ifs[d->nifs];
		char dir[4400];
		memset(i, 0, sizeof *i);
		snprintf(i->name, sizeof i->name, "%s", de->d_name);
		snprintf(dir, sizeof dir, "%s/%s", devs, de->d_name);
		if (hex_at(dir, "bInterfaceClass", &i->cls, e) != 0 ||
		    hex_at(dir, "bInterfaceSubClass", &i->sub, e) != 0 ||
		    hex_at(dir, "bInterfaceProtocol", &i->proto, e) != 0) {
			rc = -1;
			break;
		}
		bound_driver(dir, i);
		d->nifs++;
	}
	closedir(dp);
	return rc;
}

int usb_find(const char *root, const char *id, struct usb_dev *d, struct err *e)
{
	char devs[4200], dir[4400], vid[16], pid[16], want[16];
	snprintf(devs, sizeof devs, "%s/bus/usb/devices", root);
	snprintf(want, sizeof want, "%s", id);
	for (char *c = want; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	DIR *dp = opendir(devs);
	if (!dp)
		return err_set(e, EXIT_BAIL, "%s: %s", devs, strerror(errno));
	struct dirent *de;
	int found = 0;
	while (!found && (de = readdir(dp))) {
		if (de->d_name[0] == '.' || strchr(de->d_name, ':'))
			continue;
		snprintf(dir, sizeof dir, "%s/%s", devs, de->d_name);
		if (read_line(dir, "idVendor", vid, sizeof vid) != 0 ||
		    read_line(dir, "idProduct", pid, sizeof pid) != 0)
			continue;
		char have[40];
		snprintf(have, sizeof have, "%s:%s", vid, pid);
		for (char *c = have; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (strcmp(have, want) != 0)
			continue;
		memset(d, 0, sizeof *d);
		snprintf(d->id, sizeof d->id, "%s", want);
		snprintf(d->name, sizeof d->name, "%s", de->d_name);
		read_line(dir, "product", d->product, sizeof d->product);
		read_line(dir, "manufacturer", d->manufacturer, sizeof d->manufacturer);
		found = 1;
	}
	closedir(dp);
	if (found && interfaces(devs, d, e) != 0)
		return -1;
	return found;
}

const char *usb_class_name(int cls)
{
	static const struct {
		int cls;
		const char *name;
	} names[] = {{0x01, "Audio"},
	             {0x02, "Communications (CDC)"},
	             {0x03, "HID"},
	             {0x05, "Physical"},
	             {0x06, "Image"},
	             {0x07, "Printer"},
	             {0x08, "Mass Storage"},
	             {0x09, "Hub"},
	             {0x0a, "CDC-Data"},
	             {0x0b, "Smart Card (CCID)"},
	             {0x0d, "Content Security"},
	             {0x0e, "Video (UVC)"},
	             {0x0f, "Personal Healthcare"},
	             {0x10, "Audio/Video"},
	             {0x11, "Billboard"},
	             {0x12, "USB Type-C Bridge"},
	             {0xdc, "Diagnostic"},
	             {0xe0, "Wireless Controller"},
	             {0xef, "Miscellaneous"},
	             {0xfe, "Application Specific"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].cls == cls)
			return names[i].name;
	return NULL;
}
