// SPDX-License-Identifier: GPL-2.0
/* The HTML page of a report: no external file, script or font. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "provenance.h"
#include "size.h"
#include "textreport.h"

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static void base64_file(FILE *f, const char *path)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char in[3];
	size_t n;
	FILE *src = fopen(path, "rbe");

	if (!src)
		return;
	while ((n = fread(in, 1, 3, src)) > 0) {
		unsigned int v = in[0] << 16 | (n > 1 ? in[1] << 8 : 0) |
				 (n > 2 ? in[2] : 0);

		fputc(tab[v >> 18 & 63], f);
		fputc(tab[v >> 12 & 63], f);
		fputc(n > 1 ? tab[v >> 6 & 63] : '=', f);
		fputc(n > 2 ? tab[v & 63] : '=', f);
		if (n < 3)
			break;
	}
	fclose(src);
}

static const char style[] =
	"body{font-family:sans-serif;margin:1.5em;max-width:75em;color:#222}\n"
	"pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:13px}\n"
	"table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}\n"
	"th,td{border:1px solid #ccc;padding:.15em .45em;text-align:right}\n"
	"th{background:#eee}td.m{text-align:left;font-family:monospace}\n"
	"tr.raw td{color:#888}.better{background:#d8f5d8}.worse{background:#f9d6d6}\n"
	".changed{background:#dde8fa}.warn{color:#a00;font-weight:bold}\n"
	"figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}\n"
	".note{color:#666}\n";

static const char *verdict(const struct mhp_mrow *row)
{
	bool up;

	if (!row->compared || !row->cmp.significant)
		return "";
	up = row->cmp.effect > mhp_no_change(row->cmp.kind);
	if (row->info.better == MHP_BETTER_UNKNOWN)
		return "changed";
	return up == (row->info.better == MHP_BETTER_HIGHER) ? "better" : "worse";
}

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

static void change_cells(FILE *f, const struct mhp_mrow *row)
{
	char ch[32], lo[32], hi[32];

	if (!row->compared) {
		fprintf(f, "<td rowspan=2 colspan=3></td>");
		return;
	}
	mhp_fmt_change(row->cmp.kind, row->cmp.effect, ch, sizeof(ch));
	mhp_fmt_change(row->cmp.kind, row->cmp.ci_lo, lo, sizeof(lo));
	mhp_fmt_change(row->cmp.kind, row->cmp.ci_hi, hi, sizeof(hi));
	fprintf(f, "<td rowspan=2 class=\"%s\">%s%s</td>", verdict(row), ch,
		row->cmp.significant ? " *" : "");
	fprintf(f, "<td rowspan=2>[%s, %s]</td><td rowspan=2>%.3g%s</td>", lo, hi,
		row->cmp.p, row->cmp.exact ? "" : " (normal)");
}

static void metric_rows(FILE *f, const struct mhp_pairing *p,
			const struct mhp_mrow *row)
{
	bool two = p->side[MHP_NEW].rd != NULL;
	int s;

	for (s = 0; s < (two ? 2 : 1); s++) {
		fprintf(f, "<tr%s>", row->info.flags ? " class=raw" : "");
		if (!s) {
			fprintf(f, "<td class=m rowspan=%d>", two ? 2 : 1);
			esc(f, row->metric);
			fprintf(f, "%s<br><small>", row->per_block ? " (per block)" : "");
			esc(f, row->info.unit);
			fprintf(f, ", %s is better</small></td>",
				mhp_better_name(row->info.better));
		}
		fprintf(f, "<td class=m>");
		esc(f, p->side[s].label);
		fprintf(f, "</td>");
		stats_cells(f, &row->st[s]);
		if (two && !s)
			change_cells(f, row);
		fprintf(f, "</tr>\n");
	}
}

static void section(FILE *f, const struct mhp_pairing *p,
		    const struct mhp_section *sec)
{
	bool two = p->side[MHP_NEW].rd != NULL;
	char size[16];
	size_t i;
	int s;

	mhp_size_format(sec->size, size, sizeof(size));
	fprintf(f, "<h3>");
	esc(f, sec->scenario);
	fprintf(f, " ");
	esc(f, sec->arch);
	fprintf(f, " %s: ", size);
	for (s = 0; s < (two ? 2 : 1); s++) {
		fprintf(f, "%s", s ? " vs " : "");
		esc(f, p->side[s].label);
		fprintf(f, " (%d of %d samples valid)", sec->valid[s], sec->samples[s]);
	}
	fprintf(f, "</h3>\n<table><tr><th>metric</th><th>side</th><th>n</th>\n");
	fprintf(f, "<th>mean</th><th>median</th><th>p95</th><th>p99</th>\n");
	fprintf(f, "<th>min</th><th>max</th><th>stddev</th><th>CoV %%</th>\n");
	if (two)
		fprintf(f, "<th>change</th><th>95%% CI</th><th>p</th>");
	fprintf(f, "</tr>\n");
	for (i = 0; i < sec->nrows; i++)
		metric_rows(f, p, &sec->rows[i]);
	fprintf(f, "</table>\n");
}

static void figures(FILE *f, const struct mhp_plot *plots, size_t n)
{
	size_t i;

	fprintf(f, "<h2>Figures</h2>\n");
	for (i = 0; i < n; i++) {
		const struct mhp_plot *p = &plots[i];

		if (!p->rendered) {
			fprintf(f, "<p class=note>");
			esc(f, p->title);
			fprintf(f, ": not drawn, ");
			esc(f, p->note);
			fprintf(f, ".</p>\n");
			continue;
		}
		fprintf(f, "<figure><img alt=\"");
		esc(f, p->title);
		fprintf(f, "\" src=\"data:image/svg+xml;base64,");
		base64_file(f, p->svg);
		fprintf(f, "\"><figcaption>");
		esc(f, p->title);
		fprintf(f, " (%s.png, %s.svg)</figcaption></figure>\n", p->name,
			p->name);
	}
}

void mhp_html_write(FILE *f, const struct mhp_report *r, const char *text,
		    const struct mhp_plot *plots, size_t nplots)
{
	char title[512];
	size_t i, j;

	if (mhp_report_two_runs(r))
		snprintf(title, sizeof(title), "mhpbench compare: %s vs %s",
			 r->run[0]->id, r->run[1]->id);
	else
		snprintf(title, sizeof(title), "mhpbench report: %s", r->run[0]->id);
	fprintf(f, "<!DOCTYPE html>\n<html lang=en><head><meta charset=\"utf-8\">\n");
	fprintf(f, "<title>");
	esc(f, title);
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>", style);
	esc(f, title);
	fprintf(f, "</h1>\n");
	for (i = 0; i < r->nwarn; i++) {
		fprintf(f, "<p class=warn>differs besides the variant: ");
		esc(f, r->warn[i]);
		fprintf(f, "</p>\n");
	}
	fprintf(f, "<h2>Report (as mailed)</h2>\n<pre>");
	esc(f, text);
	fprintf(f, "</pre>\n<h2>All metrics</h2>\n");
	fprintf(f, "<p>Grey rows are raw inputs of other metrics. %s</p>\n",
		"Change, CI and p as in the report; green: better, red: worse, blue: changed (no better direction).");
	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++)
			section(f, &r->pair[i], &r->pair[i].sec[j]);
	figures(f, plots, nplots);
	fprintf(f, "</body></html>\n");
}
