/* Unit tests of bench/report/clauses.c: a clause's verdict from its points'
 * outcomes, a point's outcome from its journal verdict and TAP bytes, and
 * the standard's designation a clause starts with (issue 17). Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "bench/report/report.h"
#include "tap.h"

static enum clause_state of(size_t pass, size_t fail, size_t skip, size_t inconclusive)
{
	size_t seen[POINT_NOUTCOMES] = {0};
	seen[POINT_PASS] = pass, seen[POINT_FAIL] = fail;
	seen[POINT_SKIP] = skip, seen[POINT_INCONCLUSIVE] = inconclusive;
	return clause_verdict(seen);
}

static void verdicts(void)
{
	tap_ok(of(2, 0, 0, 0) == CLAUSE_CONFORMS, "every point passed: conforms");
	tap_ok(of(2, 1, 1, 1) == CLAUSE_NONCONFORMING, "one failure: does not conform");
	tap_ok(of(1, 0, 1, 1) == CLAUSE_INCONCLUSIVE, "guard band, none failed: inconclusive");
	tap_ok(of(1, 0, 1, 0) == CLAUSE_PARTLY_TESTED, "some skipped: partly tested");
	tap_ok(of(0, 0, 3, 0) == CLAUSE_NOT_TESTED, "every point skipped: not tested");
	tap_ok(of(0, 0, 0, 0) == CLAUSE_NOT_TESTED, "no point: not tested");
	tap_ok(strcmp(clause_state_name(CLAUSE_NONCONFORMING), "does not conform") == 0,
	       "state names as a lab writes them");
}

static void points(void)
{
	static const char inc[] = "    not ok 3 - x: y\n      ---\n      message: \"m\"\n"
	                          "      decision: \"inconclusive\"\n      ...\n";
	/* The key deeper down (a failure's or a note's text) is not the point's. */
	static const char deep[] = "    not ok 3 - x: y\n      ---\n      failures:\n"
	                           "        - decision: \"inconclusive\"\n      ...\n";
	tap_ok(clause_point("fail", inc) == POINT_INCONCLUSIVE, "decision: inconclusive");
	tap_ok(clause_point("fail", deep) == POINT_FAIL, "a nested decision: key is no decision");
	tap_ok(clause_point("fail", "not ok 1 - x\n") == POINT_FAIL, "a plain failure fails");
	tap_ok(clause_point("todo", "not ok 1 - x # TODO y\n") == POINT_SKIP,
	       "a TODO point claims nothing");
	tap_ok(clause_point("skip", "ok 1 - x # SKIP y\n") == POINT_SKIP, "skip");
	tap_ok(clause_point("pass", inc) == POINT_PASS, "pass");
}

static void standard(const char *clause, const char *want)
{
	char got[256];
	clause_standard(clause, got, sizeof got);
	tap_ok(strcmp(got, want) == 0, "standard of '%s' is '%s' (got '%s')", clause, want, got);
}

int main(void)
{
	verdicts();
	points();
	standard("DB43/T 3.3 \xc2\xa7"
	         "6.3.1 表1",
	         "DB43/T 3.3");
	standard("GF 61/T PT002-2014 appendix F.1.1 and the F.1 note", "GF 61/T PT002-2014");
	standard("ISO/IEC 7816-3, ISO/IEC 7816-4; GF 61/T PT002-2014 \xc2\xa7"
	         "9",
	         "ISO/IEC 7816-3, ISO/IEC 7816-4");
	standard("厦门市一、二类视频监控设备主要技术要求 item 38 普通设备箱",
	         "厦门市一、二类视频监控设备主要技术要求");
	standard("厦门市一、二类视频监控设备主要技术要求 四 (一) 标准性; 五 主要技术要求",
	         "厦门市一、二类视频监控设备主要技术要求");
	standard("厦门市一、二类视频监控设备主要技术要求 附件 2 四 (一) 图像质量要求",
	         "厦门市一、二类视频监控设备主要技术要求");
	standard("社会保障卡加载金融功能通用规范 五十", "社会保障卡加载金融功能通用规范 五十");
	standard("GF 61/T PT002-2014", "GF 61/T PT002-2014");
	return tap_done();
}
