#!/bin/sh
# suites/terminal/usb.lua (DB43/T 3.3 表5 (8): USB, driver-free) through
# the usb driver on sysfs trees of its own: a card reader (CCID + HID) and a
# camera (UVC) pass; a vendor-specific interface without a driver, or bound
# to a module out of the kernel's tree, fails; one bound to the kernel's own
# driver passes; a device not plugged in fails; another DUT class SKIPs; a
# devices: entry that is no vendor:product is exit 2.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
BENCH=${BENCH_BUILD:-build}/bench/bench
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# dev TREE NAME VID PID: a USB device in TREE's sysfs
dev() {
	p="$tmp/$1/bus/usb/devices/$2"
	mkdir -p "$p"
	echo "$3" >"$p/idVendor"
	echo "$4" >"$p/idProduct"
	echo "bench" >"$p/manufacturer"
	echo "device $2" >"$p/product"
}
# iface TREE NAME CLASS [DRIVER [TAINT]]: an interface, its driver bound,
# the driver's module tainted TAINT ("": in the tree; none: built in)
iface() {
	p="$tmp/$1/bus/usb/devices/$2"
	mkdir -p "$p"
	echo "$3" >"$p/bInterfaceClass"
	echo 00 >"$p/bInterfaceSubClass"
	echo 00 >"$p/bInterfaceProtocol"
	[ -n "${4:-}" ] || return 0
	drv="$tmp/$1/bus/usb/drivers/$4"
	mkdir -p "$drv"
	ln -s "../../../../bus/usb/drivers/$4" "$p/driver"
	if [ "${5-none}" != none ]; then
		mkdir -p "$tmp/$1/module/$4"
		printf '%s\n' "$5" >"$tmp/$1/module/$4/taint"
		ln -sfn "../../../../module/$4" "$drv/module"
	fi
}
# run NAME TREE CLASS: the suite on a station whose usb role reads TREE
run() {
	cat >"$tmp/$1.yaml" <<EOY
station: {name: usb $1, simulated: true}
dut: {maker: bench, model: sim, serial: "1", firmware: "1", class: $3}
roles:
  usb: {driver: usb, devices: ["04e6:5116", "0C45:6366"], sysfs: $2}
EOY
	"$BENCH" run --station "$tmp/$1.yaml" --out "$tmp/$1.out" suites/terminal/usb.lua \
		>"$tmp/$1.tap" 2>"$tmp/$1.err"
	rc=$?
}
# A card reader (CCID, HID) and a camera (UVC), as Linux shows them.
good() {
	dev "$1" 1-1 04e6 5116
	iface "$1" 1-1:1.0 0b
	iface "$1" 1-1:1.1 03 usbhid
	dev "$1" 1-2 0c45 6366
	iface "$1" 1-2:1.0 0e uvcvideo ""
	iface "$1" 1-2:1.1 0e uvcvideo ""
}

good good
run good good document-camera
[ "$rc" -eq 0 ] && grep -q '^    ok 1 - terminal.usb.driver_free' "$tmp/good.tap" &&
	grep -q 'if_1_2_1_0: "class 0e Video (UVC), driver uvcvideo"' "$tmp/good.tap" &&
	grep -q 'if_1_1_1_0: "class 0b Smart Card (CCID)"' "$tmp/good.tap" &&
	grep -q 'usb sysfs > 0C45:6366 < 1-2 .*1-2:1.0 class 0e uvcvideo' "$tmp"/good.out/*/trace.log
ok $? "CCID + HID reader and a UVC camera: pass, each interface's class noted" \
	"$(cat "$tmp/good.tap")"

good vendor
iface vendor 1-1:1.2 ff
run vendor vendor document-camera
[ "$rc" -eq 1 ] && [ "$(id_line fail "$tmp/vendor.tap")" = "terminal.usb.driver_free " ] &&
	grep -q 'detail: "vendor-specific (class ff) and no driver bound: it needs the maker' \
		"$tmp/vendor.tap"
ok $? "a vendor-specific interface with no driver: fail" "$(cat "$tmp/vendor.tap")"

good serial
iface serial 1-1:1.2 ff ch341 ""
run serial serial document-camera
[ "$rc" -eq 0 ] && grep -q 'if_1_1_1_2: "vendor-specific (class ff), bound to the kernel.s own ch341"' \
	"$tmp/serial.tap"
ok $? "vendor-specific but bound to the kernel's own driver (ch341): pass, noted" \
	"$(cat "$tmp/serial.tap")"

good maker
iface maker 1-1:1.2 ff vendorcam OE
run maker maker document-camera
[ "$rc" -eq 1 ] && grep -q 'bound to vendorcam, a module out of the kernel.s tree or unsigned' \
	"$tmp/maker.tap"
ok $? "vendor-specific, bound to an out-of-tree module (taint OE): fail" "$(cat "$tmp/maker.tap")"

dev unplugged 1-1 04e6 5116
iface unplugged 1-1:1.0 0b
run unplugged unplugged document-camera
[ "$rc" -eq 1 ] && grep -q 'detail: "0C45:6366: no such device on the host.s USB"' \
	"$tmp/unplugged.tap"
ok $? "a device of the DUT not plugged in: fail, naming it" "$(cat "$tmp/unplugged.tap")"

run desk good desktop
[ "$rc" -eq 0 ] && grep -q 'ok 1 - terminal.usb.driver_free.*# SKIP for document-camera' \
	"$tmp/desk.tap"
ok $? "another DUT class: SKIP" "$(cat "$tmp/desk.tap")"

run bad good document-camera
sed -i 's/"0C45:6366"/"0C45-6366"/' "$tmp/bad.yaml"
"$BENCH" run --station "$tmp/bad.yaml" --out "$tmp/bad.out" suites/terminal/usb.lua \
	>"$tmp/bad.tap" 2>"$tmp/bad.err"
[ $? -eq 2 ] && grep -q "bad.yaml:4:[0-9]*: devices: '0C45-6366' is not vvvv:pppp" "$tmp/bad.err"
ok $? "a devices: entry that is no vendor:product: exit 2, saying so" "$(cat "$tmp/bad.err")"
done_testing
