/* drivers/usb_io.c, USB devices from sysfs, against a fake tree laid out
 * as Linux's: test_usb_io DIR (an empty private directory). Prints TAP. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers/usb_io.h"
#include "tap.h"

/* mkdir -p of root/rel */
static void dirs(const char *root, const char *rel)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	for (char *c = p + strlen(root) + 1; *c; c++)
		if (*c == '/') {
			*c = '\0';
			mkdir(p, 0700);
			*c = '/';
		}
	mkdir(p, 0700);
}

static void put(const char *root, const char *rel, const char *leaf, const char *text)
{
	char p[4096];
	dirs(root, rel);
	snprintf(p, sizeof p, "%s/%s/%s", root, rel, leaf);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* An interface of class cls under devices/, bound to drv (NULL: none). */
static void iface(const char *root, const char *name, const char *cls, const char *drv)
{
	char rel[256], link[4096], to[256];
	snprintf(rel, sizeof rel, "bus/usb/devices/%s", name);
	put(root, rel, "bInterfaceClass", cls);
	put(root, rel, "bInterfaceSubClass", "01\n");
	put(root, rel, "bInterfaceProtocol", "00\n");
	if (!drv)
		return;
	snprintf(to, sizeof to, "bus/usb/drivers/%s", drv);
	dirs(root, to);
	snprintf(link, sizeof link, "%s/%s/driver", root, rel);
	snprintf(to, sizeof to, "../../../../bus/usb/drivers/%s", drv);
	if (symlink(to, link) != 0)
		tap_diag("symlink %s", link);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *r = argv[1];
	struct usb_dev d;
	struct err e = {0};
	char p[4096], to[256];

	put(r, "bus/usb/devices/usb1", "idVendor", "1d6b\n");
	put(r, "bus/usb/devices/usb1", "idProduct", "0002\n");
	put(r, "bus/usb/devices/1-1", "idVendor", "04e6\n");
	put(r, "bus/usb/devices/1-1", "idProduct", "5116\n");
	put(r, "bus/usb/devices/1-1", "product", "SCR3310 v2.0 USB SC Reader\n");
	iface(r, "1-1:1.0", "0b\n", NULL);
	iface(r, "1-1:1.1", "ff\n", "vendordrv");
	iface(r, "1-10:1.0", "03\n", "usbhid"); /* another device's: not 1-1's */
	put(r, "module/vendordrv", "taint", "OE\n");
	snprintf(p, sizeof p, "%s/bus/usb/drivers/vendordrv/module", r);
	snprintf(to, sizeof to, "../../../../module/vendordrv");
	if (symlink(to, p) != 0)
		tap_diag("symlink %s", p);

	int n = usb_find(r, "04E6:5116", &d, &e);
	tap_ok(n == 1 && !strcmp(d.id, "04e6:5116") && !strcmp(d.name, "1-1"),
	       "found by vendor:product in any case: %s at %s", d.id, d.name);
	tap_ok(!strcmp(d.product, "SCR3310 v2.0 USB SC Reader"), "product read: %s", d.product);
	tap_ok(d.nifs == 2, "its two interfaces, not 1-10's (%d)", d.nifs);
	int ccid = d.ifs[0].cls == 0x0b ? 0 : 1, vend = 1 - ccid;
	tap_ok(d.ifs[ccid].cls == 0x0b && d.ifs[ccid].sub == 1 && !d.ifs[ccid].driver[0],
	       "CCID interface: class 0b, no kernel driver bound");
	tap_ok(d.ifs[vend].cls == 0xff && !strcmp(d.ifs[vend].driver, "vendordrv") &&
	           d.ifs[vend].out_of_tree,
	       "vendor interface: bound to vendordrv, its module tainted OE");
	tap_ok(usb_find(r, "1234:5678", &d, &e) == 0, "a device not there: 0");

	put(r, "bus/usb/devices/1-1:1.1", "bInterfaceClass", "zz\n");
	e.msg[0] = '\0';
	tap_ok(usb_find(r, "04e6:5116", &d, &e) == -1 && strstr(e.msg, "1-1:1.1/bInterfaceClass"),
	       "a class that is no hex byte: an error naming the file: %s", e.msg);
	snprintf(p, sizeof p, "%s/nothing", r);
	e.msg[0] = '\0';
	tap_ok(usb_find(p, "04e6:5116", &d, &e) == -1 && strstr(e.msg, "bus/usb/devices"),
	       "no sysfs there: an error naming it: %s", e.msg);
	tap_ok(!strcmp(usb_class_name(0x0b), "Smart Card (CCID)") && !usb_class_name(0xff) &&
	           !strcmp(usb_class_name(0x0e), "Video (UVC)"),
	       "class names: 0b Smart Card (CCID), 0e Video (UVC), ff none");
	return tap_done();
}
