/* The words of report.html in English and Chinese, and the dates as each
 * language writes them. One table, so a translation is reviewed in one
 * place and a word missing in one language fails the build's test
 * (tests/report_lang.t), not a lab's report. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[M_COUNT][2] = {
    [M_REPORT] = {"bench report", "bench 测试报告"},
    [M_SIMULATED] = {"SIMULATED: time scale %g. Holds and soaks ran in scaled time on "
                     "simulated devices: this is not evidence about a real device.",
                     "模拟运行：时间倍率 %g。保持与浸泡试验在模拟设备上按缩放时间进行，"
                     "不能作为真实设备的证据。"},
    [M_INTERRUPTED] = {"INTERRUPTED by ", "运行被中断，信号 "},
    [M_INTERRUPTED_REST] = {": the run did not finish and its verdicts cover only the "
                            "points before the interruption; <code>bench resume</code> "
                            "runs the rest.",
                            "：运行未完成，判定只涵盖中断前的测试点；"
                            "<code>bench resume</code> 可完成其余部分。"},
    [M_BAIL_OUT] = {"BAIL OUT: the run ended before its last test: ",
                    "运行中止：在最后一项测试前结束："},
    [M_NOT_FINISHED] = {"NOT FINISHED: run.json has no exit code (the run is under way, or "
                        "was killed); <code>bench resume</code> finishes it.",
                        "未完成：run.json 没有退出码（运行仍在进行或已被终止）；"
                        "<code>bench resume</code> 可完成它。"},
    [M_VERDICTS] = {"Verdicts", "判定汇总"},
    [M_TEST_POINTS] = {"test points", "个测试点"},
    [M_PASS] = {"pass", "通过"},
    [M_FAIL] = {"fail", "不通过"},
    [M_SKIP] = {"skip", "跳过"},
    [M_TODO] = {"todo", "待定"},
    [M_DUT_STATION] = {"DUT and station", "被测设备与测试台"},
    [M_RUN] = {"Run", "运行编号"},
    [M_STARTED] = {"Started (UTC)", "开始时间"},
    [M_FINISHED] = {"Finished (UTC)", "结束时间"},
    [M_STATION] = {"Station", "测试台"},
    [M_STATION_FILE] = {"Station file", "测试台文件"},
    [M_SIM_STATION] = {"Simulated station", "模拟测试台"},
    [M_TIME_SCALE] = {"Time scale", "时间倍率"},
    [M_DUT_MAKER] = {"DUT maker", "被测设备制造商"},
    [M_DUT_MODEL] = {"DUT model", "被测设备型号"},
    [M_DUT_SERIAL] = {"DUT serial", "被测设备序列号"},
    [M_DUT_FIRMWARE] = {"DUT firmware", "被测设备固件"},
    [M_DUT_CLASS] = {"DUT class", "被测设备类别"},
    [M_BENCH] = {"bench", "bench 版本"},
    [M_BENCH_COMMIT] = {"bench commit", "bench 提交"},
    [M_RESUMED] = {"Resumed", "续跑次数"},
    [M_EXIT_CODE] = {"Exit code", "退出码"},
    [M_INTERRUPTED_BY] = {"Interrupted by", "中断信号"},
    [M_BAIL_REASON] = {"Bail out", "中止原因"},
    [M_LANGUAGE] = {"Report language", "报告语言"},
    [M_CLAUSES] = {"Clause traceability", "条款追溯"},
    [M_STANDARD] = {"Standard", "标准"},
    [M_CLAUSE] = {"Clause", "条款"},
    [M_TESTS_VERDICTS] = {"Tests and verdicts", "测试与判定"},
    [M_CLAUSE_VERDICT] = {"Clause verdict", "条款判定"},
    [M_NO_FAILURE] = {"no failure", "无不通过"},
    [M_CONFORMS] = {"conforms", "符合"},
    [M_NOT_CONFORM] = {"does not conform", "不符合"},
    [M_NOT_TESTED] = {"not tested", "未测试"},
    [M_PARTLY_TESTED] = {"partly tested", "部分测试"},
    [M_INCONCLUSIVE] = {"inconclusive", "无法判定"},
    [M_FAILURES] = {"Failures", "不通过项"},
    [M_NO_TEST_FAILED] = {"No test failed.", "没有不通过的测试。"},
    [M_MORE_FAILURES] = {"%d more failures: see junit.xml and results.tap.",
                         "另有 %d 项不通过：见 junit.xml 与 results.tap。"},
    [M_COVER] = {"Conformance test report", "符合性测试报告"},
    [M_LAB] = {"Laboratory", "实验室"},
    [M_DUT] = {"Device under test", "被测设备"},
    [M_STANDARDS] = {"Standards covered", "涉及标准"},
    [M_OVERALL] = {"Overall verdict", "总体判定"},
    [M_POINTS] = {"Test points", "测试点"},
    [M_NO_STANDARD] = {"(no standard named)", "（未注明标准）"},
    [M_PLOTS] = {"Plots", "图表"},
    [M_NO_PLOTS] = {"No measurement series or APDU exchanges to plot.",
                    "没有可绘制的测量序列或 APDU 交换。"},
    [M_OVER_TIME] = {"over time", "随时间变化"},
    [M_TIME_UTC] = {"time (UTC)", "时间（UTC）"},
    [M_DUT_NAME] = {"DUT name", "设备名称"},
    [M_LR_OVERDUE] = {"CALIBRATION OVERDUE: ", "校准过期："},
    [M_LR_OVERRIDDEN] = {". The operator overrode the refusal (--allow-overdue): measurements by "
                         "these instruments are not traceable.",
                         "。操作员以 --allow-overdue 越过了拒绝：这些仪器的测量结果不可溯源。"},
    [M_LR_SIM_NO_REFUSAL] = {". Simulated station: no refusal.", "。模拟测试台：不拒绝运行。"},
    [M_LR_INSTRUMENTS] = {"Instruments and calibration", "仪器与校准"},
    [M_LR_NO_INSTRUMENTS] =
        {"The station lists no instruments: no measurement states its uncertainty.",
         "测试台未列出仪器：测量结果均不含不确定度。"},
    [M_LR_INSTR_HEAD] =
        {"<tr><th>Instrument</th><th>Maker</th><th>Model</th><th>Serial</th><th>Certificate</"
         "th><th>Calibrated</th><th>Due</th><th>Status</th><th>Uncertainty</th><th>Roles</th></tr>",
         "<tr><th>仪器</th><th>制造商</th><th>型号</th><th>序列号</th><th>校准证书</"
         "th><th>校准日期</th><th>到期日</th><th>状态</th><th>不确定度</th><th>角色</th></tr>"},
    [M_LR_ANSWERS_HEAD] = {"<tr><th>Time (UTC)</th><th>Operator answer</th></tr>",
                           "<tr><th>时间（UTC）</th><th>操作员回答</th></tr>"},
    [M_LR_NO_ANSWERS] = {"No operator answers in this run.", "本次运行没有操作员回答。"},
    [M_LR_OPERATOR_RULE] = {"Operator and decision rule", "操作员与判定规则"},
    [M_LR_OPERATOR] = {"Operator", "操作员"},
    [M_LR_RULE] = {"Decision rule", "判定规则"},
    [M_LR_GUARDED] =
        {"guarded acceptance (ILAC-G8: guard band = the instrument's uncertainty; a value inside "
         "it is inconclusive)",
         "保护带接受（ILAC-G8：保护带 = 仪器的测量不确定度；落在其中的测量值为无法判定）"},
    [M_LR_SIMPLE] = {"simple acceptance (ILAC-G8: the measured value against the limit)",
                     "简单接受（ILAC-G8：测量值直接与限值比较）"},
    [M_LR_SIGNOFF] = {"Sign-off", "签字"},
    [M_LR_SIGN_HEAD] = {"<tr><th></th><th>Name</th><th>Signature</th><th>Date</th></tr>",
                        "<tr><th></th><th>姓名</th><th>签字</th><th>日期</th></tr>"},
    [M_LR_TESTED] = {"Tested by", "检测"},
    [M_LR_REVIEWED] = {"Reviewed by", "审核"},
    [M_LR_APPROVED] = {"Approved by", "批准"},
    [M_DEC_TITLE] = {"Measurements and decisions", "测量与判定"},
    [M_DEC_HEAD] =
        {"<tr><th>Test</th><th>Measurement</th><th>Unit</th><th>Min</th><th>Max</th><th>Decision "
         "rule</th><th>Uncertainty</th><th>Pass</th><th>Inconclusive</th><th>Fail</th></tr>",
         "<tr><th>测试</th><th>测量项</th><th>单位</th><th>下限</th><th>上限</th><th>判定规则</"
         "th><th>不确定度</th><th>通过</th><th>无法判定</th><th>不通过</th></tr>"},
    [M_SBS_TITLE] = {"Side by side", "并行运行"},
    [M_SBS_TEXT] = {": suites with disjoint roles ran at the same time on this station; these "
                    "pairs overlapped.",
                    "：角色不重叠的套件在本测试台上同时运行；以下成对的套件在时间上重叠。"},
    [M_SBS_NONE] = {"none: no two suites could run at once", "无：没有两个套件能够同时运行"},
    [M_CLAUSES_WORD] = {"clauses", "个条款"},
    [M_PLOT_IN_ORDER] = {"sample, in run order", "样本（按运行顺序）"},
    [M_PLOT_SIMULATED] = {", simulated (time scale %g)", "，模拟（时间倍率 %g）"},
    [M_PLOT_ELAPSED] = {"run's elapsed time (%s%s)%s", "运行经过时间（%s%s）%s"},
    [M_PLOT_STEPS] = {", 1 s steps", "，1 秒步长"},
    [M_PLOT_SOME] = {": %zu of %zu measured points plotted (the lowest and highest of each of "
                     "%d pixel columns)",
                     "：绘出 %zu 个点，共测得 %zu 个（%d 个像素列中每列的最低点与最高点）"},
    [M_PLOT_ALL] = {": all %zu measured points plotted", "：全部 %zu 个测量点均已绘出"},
    [M_PLOT_BAND] = {" (green: tolerance band)", "（绿色：容差带）"},
    [M_PLOT_REG] = {"%s: registration offsets per card (left vs up)",
                    "%s：每张卡的套印偏移（左 / 上）"},
    [M_PLOT_LEFT] = {"left offset (mm)", "左偏移（mm）"},
    [M_PLOT_UP] = {"up offset (mm)", "上偏移（mm）"},
    [M_PLOT_LATENCY] = {"APDU latency, every exchange of the run (%zu)",
                        "APDU 延迟，本次运行的全部交换（%zu）"},
    [M_PLOT_LAT_X] = {"latency (ms)", "延迟（ms）"},
    [M_PLOT_LAT_Y] = {"APDUs (count)", "APDU 数（个）"},
    [M_PLOT_FEW] = {"Measurements too few to plot", "点数过少、不作图的测量"},
    [M_PLOT_FEW_HEAD] = {"<tr><th>Test</th><th>Measurement</th><th>Value</th><th>Unit</th>"
                         "<th>Min</th><th>Max</th><th>Verdict</th><th>Elapsed</th></tr>",
                         "<tr><th>测试</th><th>测量项</th><th>值</th><th>单位</th>"
                         "<th>下限</th><th>上限</th><th>判定</th><th>经过时间</th></tr>"},
    [M_PLOT_FEW_MORE] = {"%zu more measurements too few to plot: see measurements.csv.",
                         "另有 %zu 个点数过少的测量：见 measurements.csv。"},
    [M_PLOT_NO_MEMORY] = {"Out of memory drawing the plots: see measurements.csv.",
                          "绘图时内存不足：见 measurements.csv。"},
    [M_PLOT_MORE] = {"%zu more series not plotted (at most %d plots): see measurements.csv.",
                     "另有 %zu 个序列未作图（至多 %d 幅图）：见 measurements.csv。"},
};

const char *tr(enum lang l, enum msg m)
{
	const char *w = (unsigned)m < M_COUNT ? words[m][l == LANG_ZH] : NULL;
	return w ? w : "?";
}

const char *tr_verdict(enum lang l, const char *v)
{
	static const char *const names[] = {"pass", "fail", "skip", "todo", "inconclusive"};
	static const enum msg m[] = {M_PASS, M_FAIL, M_SKIP, M_TODO, M_INCONCLUSIVE};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(v, names[i]) == 0)
			return tr(l, m[i]);
	return v;
}

const char *tr_state(enum lang l, enum clause_state s)
{
	static const enum msg m[CLAUSE_NSTATES] = {M_CONFORMS, M_NOT_CONFORM, M_INCONCLUSIVE,
	                                           M_PARTLY_TESTED, M_NOT_TESTED};
	return (unsigned)s < CLAUSE_NSTATES ? tr(l, m[s]) : "?";
}

const char *lang_name(enum lang l)
{
	return l == LANG_ZH ? "zh" : "en";
}

int lang_parse(const char *s, enum lang *l)
{
	if (s && strcmp(s, "zh") == 0)
		*l = LANG_ZH;
	else if (s && strcmp(s, "en") == 0)
		*l = LANG_EN;
	else
		return -1;
	return 0;
}

/* As setlocale(LC_MESSAGES, "") picks the locale: the first of these set
 * and not empty decides. */
enum lang lang_default(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
	}
	return LANG_EN;
}

/* run.json's "2026-11-25T20:05:00Z": as is in English (ISO 8601), in
 * Chinese 2026年11月25日 20:05:00 UTC. Anything else is shown as given. */
void tr_time(enum lang l, const char *iso, char *out, size_t len)
{
	int y, mo, d, h, mi, s;
	char z;
	if (l == LANG_ZH && iso &&
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) == 7 && z == 'Z')
		snprintf(out, len, "%d年%d月%d日 %02d:%02d:%02d UTC", y, mo, d, h, mi, s);
	else
		snprintf(out, len, "%s", iso ? iso : "-");
}

/* The journal's title field: the title, then after a US (0x1F) the
 * Chinese title when the test declares one (docs/suite-api.md). */
void tr_title(enum lang l, const char *raw, char *main, char *other, size_t len)
{
	const char *us = raw ? strchr(raw, '\x1f') : NULL;
	char en[1024], zh[1024];
	snprintf(en, sizeof en, "%.*s", us ? (int)(us - raw) : 1023, raw ? raw : "");
	snprintf(zh, sizeof zh, "%s", us ? us + 1 : "");
	int swap = l == LANG_ZH && *zh;
	snprintf(main, len, "%s", swap ? zh : en);
	snprintf(other, len, "%s", swap ? en : zh);
}
