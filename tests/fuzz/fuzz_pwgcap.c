/* Hopper and roll capacities from vendor-written PWG 5100.13 records
 * (bench/lib/printer/pwgcap.c), as a printer hands them over IPP. Input:
 * lines, each "<attribute digit><record bytes>" (0 input tray, 1 output
 * tray, 2 supply, 3 marker name, 4 marker type). A count is never below
 * -1; a count has its record named, no count says why; every text is
 * terminated inside its buffer. */
#include <string.h>

#include "bench/lib/printer/printer.h"
#include "fuzz.h"

static void add(struct pcap_attrs *a, char which, const uint8_t *s, size_t len)
{
	struct pcap_text t = {(const char *)s, len};
	int *n[] = {&a->ninput, &a->noutput, &a->nsupply, &a->nmarker, &a->nmarker};
	struct pcap_text *arr[] = {a->input, a->output, a->supply, a->marker_name, a->marker_type};
	int k = (which - '0') % 5;
	if (k < 0 || *n[k] >= PCAP_MAX)
		return;
	if (k == 4) { /* a type pairs with the last name */
		if (a->nmarker)
			a->marker_type[a->nmarker - 1] = t;
		return;
	}
	arr[k][(*n[k])++] = t;
	if (k == 3)
		a->marker_type[a->nmarker - 1] = (struct pcap_text){"", 0};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcap_attrs a;
	struct pcap out[PCAP_N];
	struct pwg_rec r;
	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < size;) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		size_t end = nl ? (size_t)(nl - data) : size;
		if (end > i)
			add(&a, (char)data[i], data + i + 1, end - i - 1);
		if (pwg_rec_parse((const char *)data + i, end - i, &r) == 0)
			FUZZ_CHECK(r.has_max || r.max == PWG_UNKNOWN);
		i = end + 1;
	}
	pcap_read(&a, out);
	for (int i = 0; i < PCAP_N; i++) {
		const struct pcap *c = &out[i];
		FUZZ_CHECK(memchr(c->attr, 0, sizeof c->attr) &&
		           memchr(c->record, 0, sizeof c->record) &&
		           memchr(c->why, 0, sizeof c->why) && memchr(c->kind, 0, sizeof c->kind));
		FUZZ_CHECK(c->count >= -1);
		FUZZ_CHECK(c->count < 0 ? c->why[0] != '\0' : c->attr[0] != '\0' && !c->why[0]);
	}
	return 0;
}
