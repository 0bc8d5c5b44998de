// SPDX-License-Identifier: GPL-2.0
/*
 * The HTML page of a report: no external file, script or font. It leads
 * with the findings (per pair, the changes that pass the rule; the
 * samples and their verdicts), then the figures, then the text as
 * mailed and the full tables (htmltables.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug_report.h"
#include "html.h"
#include "provenance.h"
#include "size.h"
#include "textreport.h"

void mhp_html_esc(FILE *f, const char *s)
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
	"body{font-family:sans-serif;margin:1.5em;color:#222}\n"
	"p,ul,figure,pre{max-width:75em}\n"
	"pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:13px}\n"
	"table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}\n"
	"th,td{border:1px solid #ccc;padding:.15em .45em;text-align:right;white-space:nowrap}\n"
	"th{background:#eee}td.m{text-align:left;font-family:monospace}\n"
	"td.t{text-align:left}td.w{text-align:left;white-space:normal;min-width:12em}\n"
	"tr.raw td{color:#888}.better{background:#d8f5d8}.worse{background:#f9d6d6}\n"
	".changed{background:#dde8fa}.warn{color:#a00;font-weight:bold}\n"
	"figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}\n"
	".note{color:#666}.rule{background:#fffbe6;border:1px solid #e8d98a;padding:.5em .8em}\n";

const char *mhp_html_verdict(const struct mhp_mrow *row)
{
	bool up;

	if (!row->compared || !row->cmp.significant)
		return "";
	up = row->cmp.effect > mhp_no_change(row->cmp.kind);
	if (row->info.better == MHP_BETTER_UNKNOWN)
		return "changed";
	return up == (row->info.better == MHP_BETTER_HIGHER) ? "better" : "worse";
}

void mhp_html_section_name(FILE *f, const struct mhp_pairing *p,
			   const struct mhp_section *sec)
{
	char size[16];

	mhp_size_format(sec->size, size, sizeof(size));
	mhp_html_esc(f, sec->scenario);
	fputc(' ', f);
	mhp_html_esc(f, sec->arch);
	fprintf(f, " %s%s", size, p->side[MHP_BASE].traced ? ", traced" : "");
}

void mhp_html_side_name(FILE *f, const struct mhp_pairing *p,
			const struct mhp_section *sec, int side)
{
	char name[160];

	mhp_html_esc(f, mhp_side_name(p, sec, side, name, sizeof(name)));
}

void mhp_html_pair_name(FILE *f, const struct mhp_pairing *p)
{
	mhp_html_side_name(f, p, NULL, MHP_BASE);
	if (p->side[MHP_NEW].rd) {
		fprintf(f, " &rarr; ");
		mhp_html_side_name(f, p, NULL, MHP_NEW);
	}
	if (p->kind == MHP_PAIR_DECOMP)
		fprintf(f, " (traced samples: the function_graph decomposition)");
}

static void rule_box(FILE *f, const struct mhp_report *r)
{
	fprintf(f, "<p class=rule>Each statistic takes one value per sample (a boot; per-block metrics reduced per sample, the reduction named in the tables): n is a number of samples. A change is <b>significant</b> when its Benjamini&ndash;Hochberg adjusted p (q) is below &alpha; = %.3g over all %zu tests of this report, which holds the false discovery rate (the expected share of false findings among those flagged) at %.3g, <b>and</b> it is at least %.3g%% of the base&rsquo;s mean. p: two-sided Mann&ndash;Whitney U; CI: bootstrap 95%% of the change of the mean. Not significant is not &ldquo;no change&rdquo;: the full tables give the smallest change the run could have detected, or why a small p did not pass. Traced and untraced samples never meet in one statistic.</p>\n",
		r->alpha, r->ntests, r->alpha, r->min_change * 100);
}

/* The changes of a pairing that pass the rule. */
static void findings_pair(FILE *f, const struct mhp_pairing *p)
{
	struct mhp_cmp_str c;
	size_t j, k;
	int n = 0;

	fprintf(f, "<h3>");
	mhp_html_pair_name(f, p);
	fprintf(f, "</h3>\n");
	if (p->isolates) {
		fprintf(f, "<p>Isolates: ");
		mhp_html_esc(f, p->isolates);
		fprintf(f, ".</p>\n");
	}
	if (!p->side[MHP_NEW].rd) {
		fprintf(f, "<p class=note>One variant: nothing to compare.</p>\n");
		return;
	}
	for (j = 0; j < p->nsec; j++)
		for (k = 0; k < p->sec[j].nrows; k++) {
			const struct mhp_mrow *row = &p->sec[j].rows[k];

			if (!row->compared || !row->cmp.significant)
				continue;
			if (!n++) {
				fprintf(f, "<table><tr><th>where</th><th>metric</th><th>n</th><th>");
				mhp_html_side_name(f, p, NULL, MHP_BASE);
				fprintf(f, "</th><th>");
				mhp_html_side_name(f, p, NULL, MHP_NEW);
				fprintf(f, "</th><th>change</th><th>95%% CI</th><th>p</th><th>q</th></tr>\n");
			}
			mhp_fmt_cmp(&row->cmp, &c);
			fprintf(f, "<tr><td class=t>");
			mhp_html_section_name(f, p, &p->sec[j]);
			fprintf(f, "</td><td class=m>");
			mhp_html_esc(f, row->metric);
			fprintf(f, "</td><td>%zu, %zu</td><td>%.6g</td><td>%.6g</td>",
				row->st[MHP_BASE].n, row->st[MHP_NEW].n,
				row->st[MHP_BASE].mean, row->st[MHP_NEW].mean);
			fprintf(f, "<td class=\"%s\">%s</td><td>[%s, %s]</td><td>%.2g</td><td>%.2g</td></tr>\n",
				mhp_html_verdict(row), c.change, c.lo, c.hi, row->cmp.p,
				row->cmp.q);
		}
	if (n)
		fprintf(f, "</table>\n");
	else
		fprintf(f, "<p>No change passes the rule; the full tables give, per metric, the smallest change this run could have detected, or why a small p did not pass.</p>\n");
}

/* Per run, variant, arch and size: samples, valid, altmap verdicts. */
struct vcount {
	const struct mhp_rundata *rd;
	const char *variant, *arch, *scenario;
	uint64_t size;
	bool traced;
	int samples, valid, altmap_yes, altmap_no;
};

static bool used(const struct mhp_report *r, const struct mhp_rundata *rd,
		 const char *variant)
{
	size_t i;
	int s;

	for (i = 0; i < r->npair; i++)
		for (s = 0; s < 2; s++)
			if (r->pair[i].side[s].rd == rd &&
			    !strcmp(r->pair[i].side[s].variant, variant))
				return true;
	return false;
}

static struct vcount *count_of(struct vcount *c, size_t *n, size_t max,
			       const struct mhp_rundata *rd,
			       const struct mhp_sample_rec *m)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (c[i].rd == rd && c[i].variant == m->variant &&
		    c[i].arch == m->arch && c[i].scenario == m->scenario &&
		    c[i].size == m->size && c[i].traced == m->traced)
			return &c[i];
	if (*n == max)
		return NULL;
	c[*n] = (struct vcount){ rd, m->variant, m->arch, m->scenario, m->size,
				 m->traced, 0, 0, 0, 0 };
	return &c[(*n)++];
}

static size_t verdict_counts(const struct mhp_report *r, struct vcount *c,
			     size_t max)
{
	size_t i, n = 0;
	int s;

	for (s = 0; s < (mhp_report_two_runs(r) ? 2 : 1); s++) {
		const struct mhp_rundata *rd = r->run[s];

		for (i = 0; i < rd->nsmp; i++) {
			struct vcount *v;

			if (!used(r, rd, rd->smp[i].variant) || rd->smp[i].other_method)
				continue;
			v = count_of(c, &n, max, rd, &rd->smp[i]);
			if (!v)
				continue;
			v->samples++;
			v->valid += rd->smp[i].valid;
		}
		for (i = 0; i < rd->nobs; i++) {
			const struct mhp_obs *o = &rd->obs[i];
			struct vcount *v;

			if (strcmp(o->metric, "altmap_in_effect") ||
			    o->block != MHP_BLOCK_ALL || !used(r, rd, o->variant) ||
			    rd->smp[o->smp].other_method)
				continue;
			v = count_of(c, &n, max, rd, &rd->smp[o->smp]);
			if (!v)
				continue;
			v->altmap_yes += o->value != 0;
			v->altmap_no += o->value == 0;
		}
	}
	return n;
}

static void sample_table(FILE *f, const struct mhp_report *r)
{
	static struct vcount c[256];
	size_t i, n = verdict_counts(r, c, 256);
	bool two = mhp_report_two_runs(r);
	bool methods = mhp_report_compares_methods(r);
	char size[16];

	fprintf(f, "<h2>Samples and verdicts</h2>\n");
	fprintf(f, "<table><tr>%s%s<th>variant</th><th>scenario</th><th>arch</th><th>size</th><th>traced</th><th>samples</th><th>valid</th><th>invalid</th><th>altmap in effect</th><th>altmap not in effect</th><th>no verdict</th></tr>\n",
		two ? "<th>run</th>" : "", methods ? "<th>hot-add method</th>" : "");
	for (i = 0; i < n; i++) {
		const char *m = mhp_run_method(c[i].rd, c[i].arch);

		mhp_size_format(c[i].size, size, sizeof(size));
		fprintf(f, "<tr>");
		if (two)
			fprintf(f, "<td class=t>%s</td>", c[i].rd == r->run[0] ? "A" : "B");
		if (methods) {
			fprintf(f, "<td class=t>");
			mhp_html_esc(f, m ? m : MHP_METHOD_UNRECORDED);
			fprintf(f, "</td>");
		}
		fprintf(f, "<td class=m>");
		mhp_html_esc(f, c[i].variant);
		fprintf(f, "</td><td class=t>");
		mhp_html_esc(f, c[i].scenario);
		fprintf(f, "</td><td class=t>");
		mhp_html_esc(f, c[i].arch);
		fprintf(f, "</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td%s>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>\n",
			size, c[i].traced ? "yes" : "no", c[i].samples, c[i].valid,
			c[i].valid < c[i].samples ? " class=worse" : "",
			c[i].samples - c[i].valid, c[i].altmap_yes, c[i].altmap_no,
			c[i].samples - c[i].altmap_yes - c[i].altmap_no);
	}
	fprintf(f, "</table>\n");
}

static void sample_line(FILE *f, const struct mhp_sample_rec *m)
{
	fprintf(f, "<li>sample %d: <b>", m->sample);
	mhp_html_esc(f, *m->outcome ? m->outcome : "valid=0");
	fprintf(f, "</b>%s", *m->reason ? ": " : "");
	mhp_html_esc(f, m->reason);
	fprintf(f, "</li>\n");
}

/* Per group of samples with invalid ones: how many, and each reason. */
static void invalid_samples(FILE *f, const struct mhp_report *r)
{
	static struct vcount c[256];
	size_t g, i, n = verdict_counts(r, c, 256);
	bool two = mhp_report_two_runs(r), any = false, first;
	char size[16];

	for (g = 0; g < n; g++) {
		if (c[g].valid == c[g].samples)
			continue;
		if (!any)
			fprintf(f, "<h3>Invalid samples (excluded from the statistics)</h3>\n<ul>\n");
		any = true;
		mhp_size_format(c[g].size, size, sizeof(size));
		fprintf(f, "<li><details%s><summary>%s", c[g].samples - c[g].valid > 3 ?
			"" : " open", two ? (c[g].rd == r->run[0] ? "A:" : "B:") : "");
		mhp_html_esc(f, c[g].variant);
		fprintf(f, " ");
		mhp_html_esc(f, c[g].scenario);
		fprintf(f, " ");
		mhp_html_esc(f, c[g].arch);
		fprintf(f, " %s%s: %d of %d samples invalid", size,
			c[g].traced ? ", traced" : "", c[g].samples - c[g].valid,
			c[g].samples);
		for (i = 0, first = true; i < c[g].rd->nsmp; i++) {
			const struct mhp_sample_rec *m = &c[g].rd->smp[i];

			if (m->valid || m->variant != c[g].variant ||
			    m->arch != c[g].arch || m->scenario != c[g].scenario ||
			    m->size != c[g].size || m->traced != c[g].traced)
				continue;
			if (first) {
				fprintf(f, ", the first: ");
				mhp_html_esc(f, *m->reason ? m->reason : m->outcome);
				fprintf(f, "</summary><ul>\n");
			}
			first = false;
			sample_line(f, m);
		}
		fprintf(f, "</ul></details></li>\n");
	}
	if (any)
		fprintf(f, "</ul>\n");
}

static void overhead_row(const struct mhp_pairing *p,
			 const struct mhp_section *sec,
			 const struct mhp_mrow *row, void *arg)
{
	FILE *f = arg;
	struct mhp_cmp_str c;

	mhp_fmt_cmp(&row->cmp, &c);
	fprintf(f, "<tr><td class=m>");
	mhp_html_esc(f, p->side[MHP_BASE].label);
	fprintf(f, "</td><td class=t>");
	mhp_html_section_name(f, p, sec);
	fprintf(f, "</td><td class=m>");
	mhp_html_esc(f, row->metric);
	fprintf(f, "</td><td>%zu, %zu</td><td>%.6g</td><td>%.6g</td><td>%s</td><td>[%s, %s]</td></tr>\n",
		row->st[MHP_BASE].n, row->st[MHP_NEW].n, row->st[MHP_BASE].mean,
		row->st[MHP_NEW].mean, c.change, c.lo, c.hi);
}

static void has_row(const struct mhp_pairing *p, const struct mhp_section *sec,
		    const struct mhp_mrow *row, void *arg)
{
	(void)p;
	(void)sec;
	(void)row;
	*(bool *)arg = true;
}

static void overhead_table(FILE *f, const struct mhp_report *r)
{
	bool any = false;

	mhp_report_each(r, MHP_PAIR_OVERHEAD, has_row, &any);
	if (!any)
		return;
	fprintf(f, "<h2>Tracing overhead</h2>\n<p>Measured in this run: the traced samples of a variant (function_graph on, the guest driver pinned) against its untraced ones. Change of the mean with its bootstrap 95%% CI; no test.</p>\n<table><tr><th>variant</th><th>where</th><th>metric</th><th>n untraced, traced</th><th>untraced</th><th>traced</th><th>change</th><th>95%% CI</th></tr>\n");
	mhp_report_each(r, MHP_PAIR_OVERHEAD, overhead_row, f);
	fprintf(f, "</table>\n");
}

static void figure_list(FILE *f, const struct mhp_plot *plots, size_t n)
{
	size_t i, shown = 0;

	for (i = 0; i < n; i++)
		shown += !plots[i].no_data;
	if (!shown)
		return;
	fprintf(f, "<h2 id=figures>Figures</h2>\n");
	for (i = 0; i < n; i++) {
		const struct mhp_plot *p = &plots[i];

		if (p->no_data)
			continue;
		if (!p->rendered) {
			fprintf(f, "<p class=note>");
			mhp_html_esc(f, p->title);
			fprintf(f, ": not drawn, ");
			mhp_html_esc(f, p->note);
			fprintf(f, ".</p>\n");
			continue;
		}
		fprintf(f, "<figure><img alt=\"");
		mhp_html_esc(f, p->title);
		fprintf(f, "\" src=\"data:image/svg+xml;base64,");
		base64_file(f, p->svg);
		fprintf(f, "\"><figcaption>");
		mhp_html_esc(f, p->title);
		fprintf(f, " (%s.png, %s.svg)</figcaption></figure>\n", p->name,
			p->name);
	}
}

void mhp_html_write(FILE *f, const struct mhp_report *r, const char *text,
		    const struct mhp_plot *plots, size_t nplots)
{
	char title[768], m[2][128];
	size_t i;

	if (mhp_report_compares_methods(r)) {
		mhp_report_run_methods(r, MHP_BASE, m[0], sizeof(m[0]));
		mhp_report_run_methods(r, MHP_NEW, m[1], sizeof(m[1]));
		snprintf(title, sizeof(title), "mhpbench compare: %s (%s) vs %s (%s)",
			 r->run[0]->id, m[0], r->run[1]->id, m[1]);
	} else if (mhp_report_two_runs(r)) {
		snprintf(title, sizeof(title), "mhpbench compare: %s vs %s",
			 r->run[0]->id, r->run[1]->id);
	} else
		snprintf(title, sizeof(title), "mhpbench report: %s", r->run[0]->id);
	fprintf(f, "<!DOCTYPE html>\n<html lang=en><head><meta charset=\"utf-8\">\n");
	fprintf(f, "<title>");
	mhp_html_esc(f, title);
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>", style);
	mhp_html_esc(f, title);
	fprintf(f, "</h1>\n");
	for (i = 0; i < r->nwarn; i++) {
		fprintf(f, "<p class=warn>differs besides the variant: ");
		mhp_html_esc(f, r->warn[i]);
		fprintf(f, "</p>\n");
	}
	fprintf(f, "<h2>Findings</h2>\n");
	rule_box(f, r);
	for (i = 0; i < r->npair; i++)
		if (r->pair[i].kind != MHP_PAIR_OVERHEAD)
			findings_pair(f, &r->pair[i]);
	sample_table(f, r);
	invalid_samples(f, r);
	overhead_table(f, r);
	figure_list(f, plots, nplots);
	fprintf(f, "<h2 id=mailed>Report (as mailed)</h2>\n<pre>");
	mhp_html_esc(f, text);
	fprintf(f, "</pre>\n");
	mhp_html_tables(f, r);
	fprintf(f, "</body></html>\n");
}
