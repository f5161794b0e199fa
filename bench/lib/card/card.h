/* Card data, parsed in pure C (no Lua, no device): ISO/IEC 7816-3 ATRs,
 * BER-TLV, and the number and data-element rules of the card specs. */
#ifndef BENCH_LIB_CARD_H
#define BENCH_LIB_CARD_H

#include <stddef.h>

#include "bench/base/base.h"

/* ISO/IEC 7816-3:2006 clause 8 Answer-to-Reset parser. Pure C: no I/O, no
 * Lua; bench/lua/atr.c exposes it to suites as bench.atr. */
#define ATR_MAX    33 /* TS + at most 32 characters (§8.2.1) */
#define ATR_LEVELS 8

struct atr {
	unsigned char raw[ATR_MAX];
	size_t len;
	unsigned char ts, t0;
	/* Interface bytes TAi..TDi of level i (0 = TA1..TD1); -1 when absent. */
	int ta[ATR_LEVELS], tb[ATR_LEVELS], tc[ATR_LEVELS], td[ATR_LEVELS];
	int levels;                /* how many levels have at least one byte */
	unsigned protocols;        /* bit T set for each protocol T offered (T=15 excluded) */
	int first_protocol;        /* T of TD1, or 0 when TD1 is absent (§8.2.3) */
	size_t hist_off, hist_len; /* historical bytes within raw */
	int tck_required;          /* some TDi indicates T != 0 (§8.2.5) */
	int has_tck;
	unsigned char tck;
	int tck_ok; /* XOR of T0..TCK is zero; 0 when has_tck is 0 */
	/* Class indicator: bits b1-b6 of the first TA for T=15 (§8.3), bit 0
	 * class A (5 V), 1 B (3 V), 2 C (1.8 V) (§5.1.3); -1 when absent. */
	int class_ind;
};

/* The supply classes of a class indicator as letters ("AC"); "" when none. */
void atr_classes(int class_ind, char out[8]);

/* Parses b[0..n). Fails (clause named in e) on a bad TS, too few bytes for
 * what T0/TDi announce, more than one byte after the historical bytes, or more
 * than 33 bytes. A wrong or missing TCK is not a parse error: it is reported
 * in the fields so a suite can fail the precise check. */
int atr_parse(const unsigned char *b, size_t n, struct atr *a, struct err *e);

/* Fi/Di from TA1 (Table 7/8 of §8.3); 0 when reserved (RFU). */
int atr_fi(int ta1);
int atr_di(int ta1);

/* BER-TLV (ISO/IEC 7816-4:2013 §5.2, ISO 8825-1) and the FCI template
 * (§7.4.1, tags 6F/84/A5). Pure C; bench/lua/tlv.c gives bench.tlv. */
#define TLV_MAX_DEPTH 8

struct tlv {
	unsigned tag; /* as written: 6F, 84, 9F38, BF0C ... */
	int constructed;
	size_t off; /* offset of the tag byte within the parsed buffer */
	size_t hdr; /* tag + length bytes */
	size_t len;
	const unsigned char *val;
};

/* Reads the TLV at *pos of b[0..n) and advances *pos past it. Skips the
 * 00/FF padding bytes 7816-4 allows between objects; returns 0 with t->tag
 * == 0 at the end. Truncation, a 4-byte-plus tag, an indefinite or >3-byte
 * length, or a value running past n fail naming the offset. */
int tlv_next(const unsigned char *b, size_t n, size_t *pos, struct tlv *t, struct err *e);

/* Checks b[0..n) is a sequence of well-formed TLVs, recursing into
 * constructed ones up to TLV_MAX_DEPTH. */
int tlv_check(const unsigned char *b, size_t n, struct err *e);

/* Finds the first tag (depth-first, inside constructed objects); 1 found,
 * 0 not found, -1 malformed. */
int tlv_find(const unsigned char *b, size_t n, unsigned tag, struct tlv *out, struct err *e);

struct fci {
	const unsigned char *df_name; /* tag 84, or NULL */
	size_t df_name_len;
	const unsigned char *prop; /* tag A5 (FCI proprietary template), or NULL */
	size_t prop_len;
	int bare; /* 1: the objects came without their 6F template */
};

/* An FCI is one 6F template spanning the whole answer, or (ISO/IEC 7816-4
 * §7.1.1, SELECT P2 00: "optional use of FCI tag and length") the FCI's
 * objects alone, the first a context-specific tag of table 12 (80-8F,
 * A0-AF): bare is then 1. 84 must be 1..16 bytes (§7.4.1, table 12). A
 * missing 84 is not a parse error: df_name is NULL and the suite reports it. */
int tlv_fci(const unsigned char *b, size_t n, struct fci *f, struct err *e);

/* Number and data-element rules of the social public service card:
 * citizen ID numbers (GB 11643-1999, ISO 7064 MOD 11-2), the 17-digit card
 * face number (GF 61/T PT002-2014 appendix A), cn/an padding (appendix F.1
 * note) and cn dates. Pure C; bench/lua/cardnum.c gives bench.cardnum.
 * Each check returns 0 when valid, -1 with the reason in e. */
/* ISO 7064 MOD 11-2 check character ('0'..'9' or 'X') of 17 digits. */
char cardnum_mod11_2(const char *digits17);
/* Luhn check digit of n digits (bank card PAN, GB/T 14504 for track 1). */
char cardnum_luhn(const char *digits, size_t n);
/* ISO 7064 MOD 11,10 (hybrid, GB/T 17710) check digit of n digits. Appendix
 * A.1 cites GB/T 14504 for the face number, a text the lab does not have;
 * the bench and the simulated card agree on this documented algorithm. */
char cardnum_mod11_10(const char *digits, size_t n);

/* 18-character citizen ID: 17 digits, check character, valid birth date
 * (positions 7-14) and a region code (positions 1-6) in GB/T 2260 form. */
int cardnum_id(const char *id, struct err *e);
/* 17-digit face number AABBCC XX YYYYYYYY Z: region in table A.1 (or a
 * later code of one of its prefectures, appendix A.2's note), industry code
 * 01, check digit. 0: valid; 1: valid, the region a later code (e->msg
 * says so); -1: not valid (e->msg says why). */
int cardnum_face(const char *num, struct err *e);
/* 1 when the 6-digit code is in table A.1. */
int cardnum_region_known(const char *code6);

/* cn: BCD digits left-aligned, right-padded with F nibbles, nothing after
 * the first F. Writes the digits (NUL-ended) to out (cap >= 2n+1). */
int cardnum_cn(const unsigned char *b, size_t n, char *out, size_t cap, struct err *e);
/* an: text left-aligned, right-padded with 00 bytes: printable ASCII and
 * GBK double-byte characters only (no FF, no lone 80-FE), no 00 inside,
 * no space at either end (space padding is not 00 padding). Writes the
 * text length to *textlen. */
int cardnum_an(const unsigned char *b, size_t n, size_t *textlen, struct err *e);
/* A 6-digit administrative region code of GB/T 2260 in form: province of
 * the list, prefecture 00-70 or 90, county 00 under prefecture 00. */
int cardnum_region(const char *code6, struct err *e);
/* Sex the 18-character ID number encodes (digit 17 odd: male), as the
 * GB/T 2261.1 code: 1 male, 2 female; 0 when it cannot tell. */
int cardnum_id_sex(const char *id);
/* value is a code of the table kind: "sex" (GB/T 2261.1), "nation"
 * (GB 3304), "marital" (GF 61/T PT002-2014 appendix E: 1-5), "education"
 * (GB 4658: 2 digits, level 1-9). */
int cardnum_code(const char *kind, const char *value, struct err *e);
/* YYYYMMDD as 8 digits: a real calendar date from 1900 to 2099. */
int cardnum_date(const char *ymd, struct err *e);

/* What the card specs leave to the issuer, declared by a card profile's
 * `choices:` map (the card's conformance statement; docs/card-security.md
 * "Issuer choices"). The simulated card behaves as its profile declares,
 * and bench hands the same map to suites as t.station.card_profile, so a
 * suite tests the declared choice and says which. An undeclared choice:
 * the suite accepts every answer the standards allow. */
enum card_choice {
	CC_CHALLENGE,   /* how long a GET CHALLENGE stays valid */
	CC_WARM_ATR,    /* whether a warm reset may answer another ATR */
	CC_LOAD_PIN,    /* whether a load needs the holder PIN first */
	CC_CARD_UNLOCK, /* how a blocked card is unlocked, if at all */
	CC_PIN_TRIES,   /* PIN try limit (number) */
	CC_PURSE_MAX,   /* e-purse balance limit in fen (number) */
	/* The SSSE's files the suites update under secure messaging (numbers):
	 * appendix F.2 leaves the SSSE's files to the industry specs. */
	CC_SM_BINARY_SFI,  /* a binary EF ... */
	CC_SM_BINARY_SIZE, /* ... of this many bytes */
	CC_SM_RECORD_SFI,  /* a linear fixed EF ... */
	CC_SM_RECORDS,     /* ... of this many records ... */
	CC_SM_RECORD_SIZE, /* ... of this many bytes each */
	/* Key references (numbers): GF 61/T §9.4.2.2 lists the key types and
	 * says their IDs differ between industry specs. */
	CC_EXT_AUTH_REF,    /* P2 of EXTERNAL AUTHENTICATE (default 00) */
	CC_INT_AUTH_REF,    /* P2 of INTERNAL AUTHENTICATE (default 19) */
	CC_PURSE_KEY_INDEX, /* key index of INITIALIZE FOR LOAD/PURCHASE (01) */
	CC_DIR_AUTH_REF,    /* P2 of EXTERNAL AUTHENTICATE with UK MF (F.1.9) */
	CC_PURSE,           /* whether the card carries an e-purse (§10.1, §11.8) */
	CC_PIN_CHANGE,      /* how CHANGE PIN is coded (§10.4.2 names, no bytes) */
	CC_COUNT
};
/* Values of the enumerated choices (index into the value list). */
enum { CHAL_NEXT_COMMAND, CHAL_UNTIL_USED };
enum { WARM_ATR_SAME, WARM_ATR_MAY_DIFFER };
enum { LOAD_PIN_REQUIRED, LOAD_PIN_NOT_REQUIRED };
enum { UNLOCK_NONE, UNLOCK_MF_841801 };
enum { PURSE_PRESENT, PURSE_ABSENT };
enum { PIN_CHANGE_805E, PIN_CHANGE_ISO, PIN_CHANGE_EMV };

struct card_choices {
	int declared[CC_COUNT];
	long value[CC_COUNT]; /* enumerated: index of the value; else the number */
};

/* Reads the `choices:` map of the profile YAML at path (none: nothing
 * declared). Unknown names, values out of their list or range: file:line. */
int card_choices_load(const char *path, struct card_choices *c, struct err *e);
/* The same from an already loaded profile root map. */
int card_choices_read(const struct ynode *root, struct card_choices *c, struct err *e);
const char *card_choice_name(int choice);
/* The declared value as the profile writes it (numbers in decimal). */
const char *card_choice_text(const struct card_choices *c, int choice, char *buf, size_t len);
/* The value of a declared choice (a number, or an enumerated value's
 * index), else dflt. */
long card_choice_or(const struct card_choices *c, int choice, long dflt);
/* 1 when choice is a number, 0 when it is one of a list of words. */
int card_choice_numeric(int choice);

#endif
