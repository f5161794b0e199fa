/* Number and data-element rules of the social public service card:
 * citizen ID numbers (GB 11643-1999, ISO 7064 MOD 11-2), the 17-digit card
 * face number (GF 61/T PT002-2014 appendix A), cn/an padding (appendix F.1
 * note) and cn dates. Pure C; bench/cardnum_lua.c gives bench.cardnum.
 * Each check returns 0 when valid, -1 with the reason in e. */
#ifndef BENCH_CARDNUM_H
#define BENCH_CARDNUM_H

#include <stddef.h>

#include "bench/base/err.h"

/* ISO 7064 MOD 11-2 check character ('0'..'9' or 'X') of 17 digits. */
char cardnum_mod11_2(const char *digits17);
/* Luhn check digit of n digits (bank card PAN, GB/T 14504 for track 1). */
char cardnum_luhn(const char *digits, size_t n);
/* ISO 7064 MOD 11,10 (hybrid, GB/T 17710) check digit of n digits. Appendix
 * A.1 cites GB/T 14504 for the face number, a text the lab does not have;
 * the bench and the simulated card agree on this documented algorithm. */
char cardnum_mod11_10(const char *digits, size_t n);

/* 18-character citizen ID: 17 digits, check character, valid birth date
 * (positions 7-14) and a province code (positions 1-2) of GB/T 2260. */
int cardnum_id(const char *id, struct err *e);
/* 17-digit face number AABBCC XX YYYYYYYY Z: region in table A.1, industry
 * code 01, check digit. */
int cardnum_face(const char *num, struct err *e);
/* 1 when the 6-digit code is in table A.1. */
int cardnum_region_known(const char *code6);

/* cn: BCD digits left-aligned, right-padded with F nibbles, nothing after
 * the first F. Writes the digits (NUL-ended) to out (cap >= 2n+1). */
int cardnum_cn(const unsigned char *b, size_t n, char *out, size_t cap, struct err *e);
/* an: printable text (ASCII or GBK) left-aligned, right-padded with 00
 * bytes, no 00 inside the text. Writes the text length to *textlen. */
int cardnum_an(const unsigned char *b, size_t n, size_t *textlen, struct err *e);
/* YYYYMMDD as 8 digits: a real calendar date from 1900 to 2099. */
int cardnum_date(const char *ymd, struct err *e);

#endif
