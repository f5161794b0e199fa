/* Capacities from vendor-written PWG 5100.13 records: every reporting style
 * a conformant card printer may use gives the count, and everything that is
 * no count (missing keys, -1/-2/-3, units that count no cards or prints)
 * gives none and says why, so the suite can ask the operator instead. */
#include <stdio.h>
#include <string.h>

#include "bench/lib/printer/printer.h"
#include "tap.h"

#define T(str) ((struct pcap_text){(str), sizeof(str) - 1})

static struct pcap cap[PCAP_N];

static void read_attrs(const struct pcap_attrs *a)
{
	memset(cap, 0x5a, sizeof cap); /* nothing may survive from before */
	pcap_read(a, cap);
}

/* item's count is want (-1: none, and why contains why). */
static void is(enum pcap_item i, long want, const char *why, const char *what)
{
	const struct pcap *c = &cap[i];
	int ok = c->count == want && (!why || strstr(c->why, why));
	tap_ok(ok, "%s: %s %ld (%s %s: %s)", what, pcap_name(i), c->count, c->attr, c->record,
	       c->why);
}

static void one_tray(const char *rec, size_t len, long want, const char *why, const char *what)
{
	struct pcap_attrs a = {.ninput = 1};
	a.input[0] = (struct pcap_text){rec, len};
	read_attrs(&a);
	is(PCAP_INPUT, want, why, what);
}
#define TRAY(rec, want, why, what) one_tray(rec, sizeof(rec) - 1, want, why, what)

static void trays(void)
{
	TRAY("type=sheetFeedAutoRemovableTray;mediafeed=0;mediaxfeed=0;maxcapacity=125;level=-2;"
	     "status=0;name=main",
	     125, NULL, "ippeveprinter's record");
	TRAY(" MaxCapacity = 130 ; NAME = Input Hopper ;", 130, NULL, "spaces, case, trailing ;");
	TRAY("name=hopper;level=20", -1, "no maxcapacity", "no maxcapacity key");
	TRAY("maxcapacity=-2;name=hopper", -1, "unknown", "-2 unknown");
	TRAY("maxcapacity=-3;name=hopper", -1, "(some)", "-3 some");
	TRAY("maxcapacity=-1;name=hopper", -1, "no limit", "-1 other");
	TRAY("maxcapacity=lots;name=hopper", -1, "'lots' is no number", "a word for a number");
	TRAY("maxcapacity=150 cards", -1, "'150 cards' is no number",
	     "a number with words after it");
	TRAY("maxcapacity=;name=hopper", -1, "'' is no number", "an empty value");
	TRAY("maxcapacity=114000;unit=micrometers", 150, NULL, "114 mm of stack = 150 cards");
	TRAY("maxcapacity=44882;unit=tenThousandthsOfInches", 150, NULL, "4.4882 in of stack");
	TRAY("maxcapacity=37401;unit=tenThousandthsOfInches", 125, NULL,
	     "95 mm in whole ten-thousandths of an inch: 124.998 cards, to the nearest 125");
	TRAY("maxcapacity=94999;unit=micrometers", 125, NULL, "a micrometre short of 125 cards");
	TRAY("maxcapacity=90;unit=percent", -1, "unit percent", "a percentage");
	TRAY("maxcapacity=200;unit=sheets", 200, NULL, "unit sheets");
	TRAY("garbage without pairs", -1, "no automatic feed tray", "not a record");
	TRAY("type=sheetFeedManual;maxcapacity=200;name=slot", -1, "no automatic feed tray",
	     "only a manual feed slot");
	/* not NUL-terminated: the length decides */
	one_tray("maxcapacity=1259999", 15, 125, NULL, "octet string length respected");
	char big[3000];
	memset(big, 'x', sizeof big);
	memcpy(big, "maxcapacity=140;name=", 21);
	one_tray(big, sizeof big, 140, NULL, "a 3000-byte record");

	struct pcap_attrs a = {.ninput = 3};
	a.input[0] = T("type=sheetFeedManual;maxcapacity=1;name=manual");
	a.input[1] = T("type=sheetFeedAutoNonRemovableTray;maxcapacity=1;name=exception");
	a.input[2] = T("type=sheetFeedAutoRemovableTray;maxcapacity=150;name=hopper");
	read_attrs(&a);
	is(PCAP_INPUT, 150, NULL, "manual slot, exception slot and hopper: the hopper");
	tap_ok(!strcmp(cap[PCAP_INPUT].attr, "printer-input-tray[3]"), "attribute named: %s",
	       cap[PCAP_INPUT].attr);
	a.input[2] = T("type=sheetFeedAutoRemovableTray;maxcapacity=-2;name=hopper");
	read_attrs(&a);
	is(PCAP_INPUT, -1, "unknown", "hopper of unknown capacity: no count (not the 1-card slot)");
}

static void outputs(void)
{
	struct pcap_attrs a = {.noutput = 2};
	a.output[0] = T("type=removableBin;maxcapacity=30;remaining=30;status=0;name=Reject Bin");
	a.output[1] = T("type=removableBin;maxcapacity=150;remaining=150;status=0;name=output");
	read_attrs(&a);
	is(PCAP_OUTPUT, 150, NULL, "output and reject trays: output");
	is(PCAP_REJECT, 30, NULL, "output and reject trays: reject");
	a.output[0] =
	    T("type=unRemovableBin;maxcapacity=25;name=\xe5\xba\x9f\xe5\x8d\xa1\xe6\xa7\xbd");
	a.noutput = 1;
	read_attrs(&a);
	is(PCAP_REJECT, 25, NULL, "a reject tray named in Chinese (废卡槽)");
	is(PCAP_OUTPUT, -1, "no output tray", "no output tray besides it");
	a.output[0] = T("type=wasteBin;maxcapacity=-2");
	read_attrs(&a);
	is(PCAP_REJECT, -1, "unknown", "a waste bin of unknown capacity");
	struct pcap_attrs none = {0};
	read_attrs(&none);
	is(PCAP_INPUT, -1, "printer-input-tray", "no trays at all: input");
	is(PCAP_REJECT, -1, "reject", "no trays at all: reject");
	is(PCAP_RIBBON, -1, "no ribbon", "no supplies at all: ribbon");
	is(PCAP_FILM, -1, "no film", "no supplies at all: film");
}

static void supplies(void)
{
	struct pcap_attrs a = {.nsupply = 3};
	a.supply[0] = T("index=1;class=supplyThatIsCleaned;type=cleanerUnit;unit=impressions;"
	                "maxcapacity=1000;name=cleaning roller");
	a.supply[1] = T("index=2;class=supplyThatIsConsumed;type=ribbonWax;unit=impressions;"
	                "maxcapacity=500;level=320;colorantname=YMCKO;name=Colour ribbon");
	a.supply[2] = T("index=3;type=other;unit=Impressions;maxcapacity=600;name=Retransfer Film");
	read_attrs(&a);
	is(PCAP_RIBBON, 500, NULL, "ribbonWax in impressions");
	tap_ok(!strcmp(cap[PCAP_RIBBON].kind, "YMCKO"), "kind YMCKO from colorantname: %s",
	       cap[PCAP_RIBBON].kind);
	is(PCAP_FILM, 600, NULL, "film named in name=, unit in another case");
	a.supply[1] = T("type=inkRibbon;unit=percent;maxcapacity=100;level=64;name=1/2 YMCKO");
	read_attrs(&a);
	is(PCAP_RIBBON, -1, "unit percent", "a ribbon in percent");
	tap_ok(!strcmp(cap[PCAP_RIBBON].kind, "1/2 YMCKO"), "kind 1/2 YMCKO: %s",
	       cap[PCAP_RIBBON].kind);
	a.supply[1] = T("type=ribbonWax;maxcapacity=500;name=ribbon");
	read_attrs(&a);
	is(PCAP_RIBBON, -1, "no unit", "a roll without a unit");
	a.supply[1] = T("type=ribbonWax;maxcapacity=500;unit=impressions;name=half-panel YMCKO");
	a.supply[2] = T("type=ribbonWax;maxcapacity=250;unit=impressions;name=K");
	read_attrs(&a);
	is(PCAP_RIBBON, 250, NULL, "two ribbons: the shorter roll");
	a.supply[2] = T("type=ribbonWax;maxcapacity=-2;unit=impressions;name=K");
	read_attrs(&a);
	is(PCAP_RIBBON, -1, "unknown", "two ribbons, one unknown: no count");
	is(PCAP_FILM, -1, "no film", "no film among them");
	a.supply[2] = T("type=filmRibbon;maxcapacity=400;unit=prints");
	read_attrs(&a);
	is(PCAP_FILM, 400, NULL, "a 'filmRibbon' is the film");
	is(PCAP_RIBBON, 500, NULL, "... and not a ribbon");
}

static void markers(void)
{
	struct pcap_attrs a = {.nmarker = 2};
	a.marker_name[0] = T("YMCKO Ribbon");
	a.marker_type[0] = T("ink-ribbon");
	a.marker_name[1] = T("Transfer film");
	a.marker_type[1] = T("other");
	read_attrs(&a);
	is(PCAP_RIBBON, -1, "percent", "marker only: ribbon, no count");
	is(PCAP_FILM, -1, "percent", "marker only: film, no count");
	tap_ok(!strcmp(cap[PCAP_RIBBON].attr, "marker-names[1]") &&
	           !strcmp(cap[PCAP_RIBBON].kind, "YMCKO"),
	       "marker named and its kind taken: %s %s", cap[PCAP_RIBBON].attr,
	       cap[PCAP_RIBBON].kind);
	a.nsupply = 1;
	a.supply[0] = T("type=ribbonWax;maxcapacity=350;unit=impressions;name=ribbon");
	read_attrs(&a);
	is(PCAP_RIBBON, 350, NULL, "printer-supply and marker: the supply's count");
	tap_ok(!strcmp(cap[PCAP_RIBBON].kind, "YMCKO"), "kind from the marker name: %s",
	       cap[PCAP_RIBBON].kind);
}

int main(void)
{
	trays();
	outputs();
	supplies();
	markers();
	return tap_done();
}
