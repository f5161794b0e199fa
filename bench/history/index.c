/* reports/index.html: every run in a table and, per DUT model, one trend
 * plot per test and measurement across that model's runs. Self-contained
 * (inline SVG, no scripts), like report.html. */
#include "history.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "bench/report/report.h"

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

static void cell(FILE *f, const char *s)
{
	fputs("<td>", f);
	xml_put(f, s);
	fputs("</td>", f);
}

static int runs_table(struct hdb *h, FILE *f, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        h->db,
	        "SELECT id, started, station_name, dut_maker, dut_model, dut_serial, "
	        "dut_firmware, pass, fail, skip, todo, exit_code, time_scale "
	        "FROM runs ORDER BY started DESC, id DESC",
	        -1, &st, NULL))
		return hdb_err(h, e);
	fputs("<h2>Runs</h2>\n<table>\n<tr><th>run</th><th>started</th><th>station</th>"
	      "<th>DUT maker</th><th>model</th><th>serial</th><th>firmware</th><th>pass</th>"
	      "<th>fail</th><th>skip</th><th>todo</th><th>exit</th><th>time scale</th></tr>\n",
	      f);
	while (sqlite3_step(st) == SQLITE_ROW) {
		fputs("<tr><td><a href=\"", f);
		xml_put(f, col(st, 0));
		fputs("/report.html\">", f);
		xml_put(f, col(st, 0));
		fputs("</a></td>", f);
		for (int i = 1; i < 13; i++)
			cell(f, col(st, i));
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	sqlite3_finalize(st);
	return 0;
}

struct series {
	double *x, *y;
	size_t n, cap;
};

static int push(struct series *s, double x, double y)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		double *nx = realloc(s->x, nc * sizeof *nx),
		       *ny = nx ? realloc(s->y, nc * sizeof *ny) : NULL;
		if (nx)
			s->x = nx;
		if (!ny)
			return -1;
		s->y = ny;
		s->cap = nc;
	}
	s->x[s->n] = x;
	s->y[s->n++] = y;
	return 0;
}

/* One plot: the mean of the measurement's values in each run of the model
 * (a hold's samples give one point per run), runs numbered by start. */
static int trend(struct hdb *h, FILE *f, sqlite3_stmt *st, struct err *e)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(h->db,
	                       "SELECT avg(m.num), min(m.min), max(m.max) FROM runs r JOIN "
	                       "measurements m ON m.run_id = r.id WHERE r.dut_model IS ?1 AND "
	                       "m.test_id = ?2 AND m.name = ?3 AND m.unit IS ?4 AND m.num IS NOT "
	                       "NULL GROUP BY r.id ORDER BY r.started, r.id",
	                       -1, &q, NULL))
		return hdb_err(h, e);
	for (int i = 1; i <= 4; i++)
		sqlite3_bind_value(q, i, sqlite3_column_value(st, i - 1));
	struct series s = {0};
	struct trend t = {.xlabel = "run (oldest first)"};
	int rc = 0;
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		rc = push(&s, (double)s.n + 1, sqlite3_column_double(q, 0));
		if (sqlite3_column_type(q, 1) != SQLITE_NULL)
			t.has_lo = num_parse(col(q, 1), &t.lo) == 0;
		if (sqlite3_column_type(q, 2) != SQLITE_NULL)
			t.has_hi = num_parse(col(q, 2), &t.hi) == 0;
	}
	char title[512], unit[128];
	snprintf(title, sizeof title, "%s: %s", col(st, 1), col(st, 2));
	snprintf(unit, sizeof unit, "%s", col(st, 3));
	t.title = title;
	t.ylabel = unit;
	if (!rc && s.n >= 2) {
		fputs("<figure class=\"trend\">\n", f);
		report_trend(f, &t, s.x, s.y, s.n);
		fprintf(f, "<figcaption>%zu runs</figcaption></figure>\n", s.n);
	}
	free(s.x);
	free(s.y);
	sqlite3_finalize(q);
	return rc ? err_set(e, EXIT_USAGE, "out of memory") : 0;
}

static int trends(struct hdb *h, FILE *f, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h->db,
	                       "SELECT r.dut_model, m.test_id, m.name, m.unit, "
	                       "count(DISTINCT r.id) AS n FROM runs r JOIN measurements m ON "
	                       "m.run_id = r.id WHERE m.num IS NOT NULL GROUP BY r.dut_model, "
	                       "m.test_id, m.name, m.unit HAVING n >= 2 ORDER BY 1, 2, 3, 4",
	                       -1, &st, NULL))
		return hdb_err(h, e);
	int rc = 0;
	char model[512] = "\x01";
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		if (strcmp(model, col(st, 0)) != 0) {
			snprintf(model, sizeof model, "%s", col(st, 0));
			fputs("<h2>Trends: DUT model ", f);
			xml_put(f, *model ? model : "(none)");
			fputs("</h2>\n", f);
		}
		rc = trend(h, f, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int hdb_index(struct hdb *h, struct err *e)
{
	char p[4300], tmp[4400];
	snprintf(p, sizeof p, "%s/%s", h->dir, HISTORY_INDEX);
	snprintf(tmp, sizeof tmp, "%s.tmp", p);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return err_set(e, EXIT_USAGE, "%s: %s", tmp, strerror(errno));
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>bench runs</title>\n"
	      "<style>body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse}"
	      "td,th{border:1px solid #ccc;padding:2px 6px;font-size:90%}"
	      "figure.trend{display:inline-block;margin:0.5em}</style></head><body>\n"
	      "<h1>Run history</h1>\n<p>An index of the run directories here (.runs.sqlite; "
	      "<code>bench runs</code>). Each run's report.html is its record.</p>\n",
	      f);
	int rc = runs_table(h, f, e);
	if (!rc)
		rc = trends(h, f, e);
	fputs("</body></html>\n", f);
	if (fclose(f) && !rc)
		rc = err_set(e, EXIT_USAGE, "%s: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, p))
		rc = err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}

int history_index(const char *outdir, struct err *e)
{
	struct hdb h;
	if (hdb_open(&h, outdir, e))
		return -1;
	int rc = h.fresh ? hdb_fill(&h, e) : 0;
	if (!rc)
		rc = hdb_index(&h, e);
	hdb_close(&h);
	return rc;
}
