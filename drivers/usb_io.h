/* USB devices as Linux sysfs shows them (/sys/bus/usb/devices): a device's
 * ids and names, and for each interface its class and the kernel driver
 * bound to it. Apart from Lua so tests can point it at a fake tree. */
#ifndef DRIVERS_USB_IO_H
#define DRIVERS_USB_IO_H

#include "bench/base/base.h"

#define USB_MAX_IFS 32

struct usb_if {
	char name[32];       /* "1-1.2:1.0" */
	int cls, sub, proto; /* bInterfaceClass, -SubClass, -Protocol */
	char driver[64];     /* the bound driver's name; "" when none is bound */
	/* The driver's module is out of the kernel's tree or unsigned (its
	 * taint has O or E): the maker's, installed by hand. */
	int out_of_tree;
};

struct usb_dev {
	char id[10];   /* "vvvv:pppp", lower-case hex */
	char name[32]; /* "1-1.2" */
	char product[128], manufacturer[128];
	int nifs;
	struct usb_if ifs[USB_MAX_IFS];
};

/* The first device under root (a sysfs mount: "/sys", or a test's tree)
 * whose idVendor:idProduct is id ("04e6:5116", any case): 1 found, 0 none,
 * -1 error (root unreadable, a file of the device unreadable: named). */
int usb_find(const char *root, const char *id, struct usb_dev *d, struct err *e);

/* The USB-IF name of a base class ("Smart Card", "HID", ...); NULL for
 * 0xFF (vendor-specific) and codes it does not know. */
const char *usb_class_name(int cls);

#endif
