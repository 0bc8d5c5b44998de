// SPDX-License-Identifier: GPL-2.0
/*
 * The full tables of the HTML page: per pair and section every metric's
 * statistics on both sides (one value per sample) with the change, its
 * CI, p, q and the smallest detectable change; then the per-block
 * distributions (every block pooled: quantiles, no test).
 */
#include <math.h>
#include <string.h>

#include "hotplug_report.h"
#include "html.h"
#include "textreport.h"

static void num_cell(FILE *f, double v)
{
	fprintf(f, "<td>%.6g</td>", v);
}

static void stats_cells(FILE *f, const struct mhp_stats *st)
{
	if (!st->n) {
		fprintf(f, "<td>0</td><td colspan=8>no valid value</td>");
		return;
	}
	fprintf(f, "<td>%zu</td>", st->n);
	num_cell(f, st->mean);
	num_cell(f, st->median);
	num_cell(f, st->p95);
	num_cell(f, st->p99);
	num_cell(f, st->min);
	num_cell(f, st->max);
	num_cell(f, st->stddev);
	fprintf(f, "<td>%.1f</td>", st->cov * 100);
}

static void change_cells(FILE *f, const struct mhp_report *r,
			 const struct mhp_pairing *p, const struct mhp_mrow *row)
{
	struct mhp_cmp_str c;
	char d[64];

	if (!row->compared) {
		fprintf(f, "<td rowspan=2 colspan=5>%s</td>",
			p->mixed_trace && row->st[0].n && row->st[1].n ?
			"traced vs untraced: not compared" : "");
		return;
	}
	mhp_fmt_cmp(&row->cmp, &c);
	fprintf(f, "<td rowspan=2 class=\"%s\">%s%s</td>", mhp_html_verdict(row),
		c.change, row->cmp.significant ? " *" : "");
	fprintf(f, "<td rowspan=2>[%s, %s]</td>", c.lo, c.hi);
	if (!row->cmp.tested) {
		fprintf(f, "<td rowspan=2 colspan=3 class=\"note w\">%s</td>",
			p->kind == MHP_PAIR_OVERHEAD ? "overhead: no test" :
			row->info.flags ? "raw input: no test" :
			"every value the same: no test");
		return;
	}
	fprintf(f, "<td rowspan=2>%.3g%s</td><td rowspan=2>%.3g</td>",
		row->cmp.p, row->cmp.exact ? "" : " (normal)", row->cmp.q);
	if (row->cmp.significant) {
		fprintf(f, "<td rowspan=2 class=w>significant</td>");
		return;
	}
	mhp_fmt_detectable(r, row, d, sizeof(d));
	fprintf(f, "<td rowspan=2 class=w>not significant: ");
	mhp_html_esc(f, d);
	fprintf(f, "</td>");
}

static void metric_cell(FILE *f, const struct mhp_mrow *row, int rows)
{
	fprintf(f, "<td class=m rowspan=%d>", rows);
	mhp_html_esc(f, row->metric);
	fprintf(f, "<br><small style=\"white-space:normal\">");
	if (row->per_block)
		fprintf(f, "%s of its blocks per sample, ",
			mhp_reduce_name(row->info.reduce));
	mhp_html_esc(f, row->info.unit);
	fprintf(f, ", %s is better</small></td>", mhp_better_name(row->info.better));
}

static void metric_rows(FILE *f, const struct mhp_report *r,
			const struct mhp_pairing *p, const struct mhp_section *sec,
			const struct mhp_mrow *row)
{
	bool two = p->side[MHP_NEW].rd != NULL;
	int s;

	for (s = 0; s < (two ? 2 : 1); s++) {
		fprintf(f, "<tr%s>", row->info.flags ? " class=raw" : "");
		if (!s)
			metric_cell(f, row, two ? 2 : 1);
		fprintf(f, "<td class=m>");
		mhp_html_side_name(f, p, sec, s);
		fprintf(f, "</td>");
		stats_cells(f, &row->st[s]);
		if (two && !s)
			change_cells(f, r, p, row);
		fprintf(f, "</tr>\n");
	}
}

static void section_head(FILE *f, const struct mhp_pairing *p,
			 const struct mhp_section *sec)
{
	bool two = p->side[MHP_NEW].rd != NULL;
	int s;

	fprintf(f, "<h4>");
	mhp_html_section_name(f, p, sec);
	fprintf(f, ": ");
	for (s = 0; s < (two ? 2 : 1); s++) {
		const char *m = mhp_side_method(p, sec, s);

		fprintf(f, "%s", s ? " vs " : "");
		mhp_html_esc(f, p->side[s].label);
		fprintf(f, " (");
		if (m) {
			mhp_html_esc(f, m);
			fprintf(f, ", ");
		}
		fprintf(f, "%d of %d samples valid)", sec->valid[s], sec->samples[s]);
	}
	fprintf(f, "</h4>\n");
}

static void section(FILE *f, const struct mhp_report *r,
		    const struct mhp_pairing *p, const struct mhp_section *sec)
{
	bool two = p->side[MHP_NEW].rd != NULL;
	size_t i;

	section_head(f, p, sec);
	fprintf(f, "<table><tr><th>metric</th><th>side</th><th>n samples</th>\n");
	fprintf(f, "<th>mean</th><th>median</th><th>p95</th><th>p99</th>\n");
	fprintf(f, "<th>min</th><th>max</th><th>stddev</th><th>CoV %%</th>\n");
	if (two)
		fprintf(f, "<th>change</th><th>95%% CI</th><th>p</th><th>q (BH)</th><th>rule</th>");
	fprintf(f, "</tr>\n");
	for (i = 0; i < sec->nrows; i++)
		metric_rows(f, r, p, sec, &sec->rows[i]);
	fprintf(f, "</table>\n");
}

static bool any_per_block(const struct mhp_section *sec)
{
	size_t i;

	for (i = 0; i < sec->nrows; i++)
		if (sec->rows[i].per_block && !sec->rows[i].info.flags)
			return true;
	return false;
}

/* The per-block distributions of a section: quantiles, no p-values. */
static void block_table(FILE *f, const struct mhp_pairing *p,
		   const struct mhp_section *sec)
{
	bool two = p->side[MHP_NEW].rd != NULL;
	size_t i;
	int s;

	section_head(f, p, sec);
	fprintf(f, "<table><tr><th>metric</th><th>side</th><th>samples</th><th>blocks</th><th>median</th><th>p95</th><th>p99</th><th>min</th><th>max</th></tr>\n");
	for (i = 0; i < sec->nrows; i++) {
		const struct mhp_mrow *row = &sec->rows[i];

		if (!row->per_block || row->info.flags)
			continue;
		for (s = 0; s < (two ? 2 : 1); s++) {
			const struct mhp_stats *b = &row->blk[s];

			fprintf(f, "<tr>");
			if (!s) {
				fprintf(f, "<td class=m rowspan=%d>", two ? 2 : 1);
				mhp_html_esc(f, row->metric);
				fprintf(f, "</td>");
			}
			fprintf(f, "<td class=m>");
			mhp_html_side_name(f, p, sec, s);
			fprintf(f, "</td><td>%zu</td><td>%zu</td>", row->blk_samples[s],
				b->n);
			if (!b->n) {
				fprintf(f, "<td colspan=5></td></tr>\n");
				continue;
			}
			num_cell(f, b->median);
			num_cell(f, b->p95);
			num_cell(f, b->p99);
			num_cell(f, b->min);
			num_cell(f, b->max);
			fprintf(f, "</tr>\n");
		}
	}
	fprintf(f, "</table>\n");
}

void mhp_html_tables(FILE *f, const struct mhp_report *r)
{
	size_t i, j;
	int n = 0;

	fprintf(f, "<h2 id=tables>All metrics</h2>\n");
	fprintf(f, "<p>One value per sample (per-block metrics reduced as named). Grey rows are raw inputs of other metrics. Change, CI, p and q as in the report; green: better, red: worse, blue: changed (no better direction).</p>\n");
	for (i = 0; i < r->npair; i++) {
		if (r->pair[i].kind == MHP_PAIR_OVERHEAD)
			continue;
		fprintf(f, "<h3>");
		mhp_html_pair_name(f, &r->pair[i]);
		fprintf(f, "</h3>\n");
		for (j = 0; j < r->pair[i].nsec; j++)
			section(f, r, &r->pair[i], &r->pair[i].sec[j]);
	}
	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++) {
			if (r->pair[i].kind == MHP_PAIR_OVERHEAD ||
			    !any_per_block(&r->pair[i].sec[j]))
				continue;
			if (!n++)
				fprintf(f, "<h2 id=blocks>Per-block distributions</h2>\n<p>Every block of every valid sample pooled. The blocks of a sample share its boot, so these are descriptions, not tests: the tests above take one value per sample.</p>\n");
			block_table(f, &r->pair[i], &r->pair[i].sec[j]);
		}
}
