// SPDX-License-Identifier: GPL-2.0
/*
 * The text report. Its rows are the shape linux-mm readers know from LKP:
 *
 *        baseline                    altmap
 *   --------------- --------------------------
 *           %stddev    %change         %stddev
 *                 \          |               \
 *        4986 ± 65%    +39.1%       6934 ± 49%  qmp_device_add_us
 *
 * Columns: base mean 9, its ±stddev 6, %change 9, mark 2, new mean 10,
 * its ±stddev 6, 2 blanks, metric 28: 72 in all.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "contig_report.h"
#include "hotplug_report.h"
#include "provenance.h"
#include "size.h"
#include "textreport.h"
#include "wrap.h"

#define METRIC_WIDTH 28

void mhp_fmt_num(double v, char *buf, size_t len)
{
	double a = fabs(v);

	if (a >= 1e9)
		snprintf(buf, len, "%.3e", v);
	else if (a >= 100 || v == rint(v))
		snprintf(buf, len, "%.0f", v);
	else if (a >= 10)
		snprintf(buf, len, "%.1f", v);
	else if (a >= 1)
		snprintf(buf, len, "%.2f", v);
	else
		snprintf(buf, len, "%.3g", v);
}

void mhp_fmt_change(enum mhp_effect kind, double v, char *buf, size_t len)
{
	char num[32];
	double pct;

	if (kind == MHP_EFFECT_RATIO) {
		pct = (v - 1) * 100;
		snprintf(buf, len, fabs(pct) >= 1000 ? "%+.0f%%" : "%+.1f%%", pct);
		return;
	}
	mhp_fmt_num(v, num, sizeof(num));
	snprintf(buf, len, "%s%s", v > 0 ? "+" : "", num);
}

void mhp_fmt_cmp(const struct mhp_cmp *c, struct mhp_cmp_str *s)
{
	mhp_fmt_change(c->kind, c->effect, s->change, sizeof(s->change));
	mhp_fmt_change(c->kind, c->ci_lo, s->lo, sizeof(s->lo));
	mhp_fmt_change(c->kind, c->ci_hi, s->hi, sizeof(s->hi));
}

/* " ± 65%", or blanks when the spread rounds to 0 (as LKP does). */
static const char *spread(const struct mhp_stats *st, char *buf, size_t len)
{
	double pct = st->cov * 100;

	if (!st->n || pct < 0.5)
		return "      ";
	snprintf(buf, len, " ±%3.0f%%", pct > 999 ? 999 : pct);
	return buf;
}

static void mean_str(const struct mhp_stats *st, char *buf, size_t len)
{
	if (st->n)
		mhp_fmt_num(st->mean, buf, len);
	else
		buf[0] = '\0';
}

static void metric_name(const char *m, char *buf, size_t len)
{
	if (strlen(m) <= METRIC_WIDTH)
		snprintf(buf, len, "%s", m);
	else
		snprintf(buf, len, "%.*s~", METRIC_WIDTH - 1, m);
}

static bool shown(const struct mhp_mrow *row)
{
	return !(row->info.flags & (MHP_METRIC_RAW | MHP_METRIC_TIMELINE));
}

static void compare_row(FILE *f, const struct mhp_mrow *row)
{
	char b[32], n[32], ch[32] = "", sb[16], sn[16], name[64];

	mean_str(&row->st[MHP_BASE], b, sizeof(b));
	mean_str(&row->st[MHP_NEW], n, sizeof(n));
	if (row->compared)
		mhp_fmt_change(row->cmp.kind, row->cmp.effect, ch, sizeof(ch));
	metric_name(row->metric, name, sizeof(name));
	fprintf(f, "%9s%s%9s%2s%10s%s  %s\n", b,
		spread(&row->st[MHP_BASE], sb, sizeof(sb)), ch,
		row->compared && row->cmp.significant ? " *" : "", n,
		spread(&row->st[MHP_NEW], sn, sizeof(sn)), name);
}

static void describe_row(FILE *f, const struct mhp_mrow *row)
{
	const struct mhp_stats *st = &row->st[MHP_BASE];
	char m[32], md[32], p95[32], sd[16], name[64];

	if (!st->n)
		return;
	mhp_fmt_num(st->mean, m, sizeof(m));
	mhp_fmt_num(st->median, md, sizeof(md));
	mhp_fmt_num(st->p95, p95, sizeof(p95));
	metric_name(row->metric, name, sizeof(name));
	fprintf(f, "%9s%s%11s%11s  %s\n", m, spread(st, sd, sizeof(sd)), md, p95,
		name);
}

/* "A:baseline (acpi-dimm, 5/5 valid)": its method in a methods comparison. */
static int side_title(char *buf, size_t len, const struct mhp_pairing *p,
		      const struct mhp_section *sec, int side)
{
	const char *m = mhp_side_method(p, sec, side);

	return snprintf(buf, len, "%s (%s%s%d/%d valid)", p->side[side].label,
			m ? m : "", m ? ", " : "", sec->valid[side],
			sec->samples[side]);
}

static void section_title(FILE *f, const struct mhp_pairing *p,
			  const struct mhp_section *sec)
{
	char size[16], line[512], side[2][160];

	mhp_size_format(sec->size, size, sizeof(size));
	side_title(side[MHP_BASE], sizeof(side[MHP_BASE]), p, sec, MHP_BASE);
	if (p->side[MHP_NEW].rd)
		side_title(side[MHP_NEW], sizeof(side[MHP_NEW]), p, sec, MHP_NEW);
	snprintf(line, sizeof(line), "%s %s %s%s: %s%s%s", sec->scenario,
		 sec->arch, size, p->side[MHP_BASE].traced ? ", traced" : "",
		 side[MHP_BASE], p->side[MHP_NEW].rd ? " vs " : "",
		 p->side[MHP_NEW].rd ? side[MHP_NEW] : "");
	fprintf(f, "\n");
	mhp_wrap(f, "", "    ", line, MHP_TEXT_WIDTH);
	fprintf(f, "\n");
}

/* In a methods comparison, each side's method under its label. */
static void compare_header(FILE *f, const struct mhp_pairing *p,
			   const struct mhp_section *sec)
{
	const char *m[2] = { mhp_side_method(p, sec, MHP_BASE),
			     mhp_side_method(p, sec, MHP_NEW) };

	fprintf(f, "%15.15s%27.27s\n", p->side[MHP_BASE].label,
		p->side[MHP_NEW].label);
	if (m[MHP_BASE] && m[MHP_NEW])
		fprintf(f, "%15.15s%27.27s\n", m[MHP_BASE], m[MHP_NEW]);
	fprintf(f, "--------------- --------------------------\n");
	fprintf(f, "%15s%9s%18s\n", "%stddev", "%change", "%stddev");
	fprintf(f, "%15s%6s%21s\n", "\\", "|", "\\");
}

void mhp_fmt_detectable(const struct mhp_report *r, const struct mhp_mrow *row,
			char *buf, size_t len)
{
	const struct mhp_cmp *c = &row->cmp;
	char num[32];

	if (c->p < r->alpha && c->q >= r->alpha && c->rel >= r->min_change) {
		/* Past the test alone, not over the report's tests. */
		snprintf(buf, len, "p=%.2g but q=%.2g over %zu tests", c->p, c->q,
			 r->ntests);
	} else if (c->q < r->alpha && c->rel < r->min_change) {
		snprintf(buf, len, "q=%.2g, below the %.3g%% minimum", c->q,
			 r->min_change * 100);
	} else if (isnan(row->cmp.detectable)) {
		snprintf(buf, len, "none detectable");
	} else if (row->cmp.detectable_abs) {
		mhp_fmt_num(row->cmp.detectable, num, sizeof(num));
		snprintf(buf, len, "±%s %s", num, row->info.unit);
	} else {
		snprintf(buf, len, row->cmp.detectable < 0.1 ? "±%.1f%%" : "±%.0f%%",
			 row->cmp.detectable * 100);
	}
}

/* An indented line; wrapped, it keeps its indent and two more. */
static void detail(FILE *f, const char *line)
{
	static const char blanks[] = "            ";
	char first[16], cont[16];
	size_t k = strspn(line, " ");

	if (mhp_text_width(line) <= MHP_TEXT_WIDTH) {
		fprintf(f, "%s\n", line);
		return;
	}
	if (k > sizeof(blanks) - 3)
		k = sizeof(blanks) - 3;
	snprintf(first, sizeof(first), "%.*s", (int)k, blanks);
	snprintf(cont, sizeof(cont), "%.*s", (int)k + 2, blanks);
	mhp_wrap(f, first, cont, line + strspn(line, " "), MHP_TEXT_WIDTH);
}

/* Under the rows: the significant changes with their CI, p and q. */
static void significant_details(FILE *f, const struct mhp_section *sec)
{
	struct mhp_cmp_str c;
	char line[256], pq[96];
	size_t i;
	int n = 0;

	for (i = 0; i < sec->nrows; i++) {
		const struct mhp_mrow *row = &sec->rows[i];

		if (!shown(row) || !row->compared || !row->cmp.significant)
			continue;
		if (!n++)
			fprintf(f, "\n  * change of the mean [bootstrap 95%% CI], p, BH q, n:\n");
		mhp_fmt_cmp(&row->cmp, &c);
		snprintf(line, sizeof(line), "    %-28s %s [%s, %s]", row->metric,
			 c.change, c.lo, c.hi);
		snprintf(pq, sizeof(pq), "p=%.2g q=%.2g n=%zu,%zu", row->cmp.p,
			 row->cmp.q, row->st[MHP_BASE].n, row->st[MHP_NEW].n);
		/* p, q and n under the change when the line is full. */
		if (mhp_text_width(line) + 1 + mhp_text_width(pq) <= MHP_TEXT_WIDTH) {
			fprintf(f, "%s %s\n", line, pq);
		} else {
			detail(f, line);
			fprintf(f, "%33s%s\n", "", pq);
		}
	}
}

/*
 * The tested rows that are not significant, with the smallest change
 * the run could have detected: "not significant" is not "no change".
 */
static void detectable_details(FILE *f, const struct mhp_report *r,
			       const struct mhp_section *sec)
{
	const struct mhp_mrow *none = NULL;
	char line[256], d[64];
	size_t i, n = 0, nnone = 0;

	for (i = 0; i < sec->nrows; i++) {
		const struct mhp_mrow *row = &sec->rows[i];

		if (!shown(row) || !row->cmp.tested || row->cmp.significant)
			continue;
		n++;
		if (isnan(row->cmp.detectable)) {
			nnone++;
			none = row;
		}
	}
	if (!n)
		return;
	fprintf(f, "\n");
	if (nnone == n) {
		snprintf(line, sizeof(line),
			 "not significant: with %zu vs %zu samples no change is detectable (the smallest possible p, %.2g, is not below alpha %.2g).",
			 none->st[MHP_BASE].n, none->st[MHP_NEW].n, none->cmp.p_min,
			 r->alpha);
		mhp_wrap(f, "  ", "  ", line, MHP_TEXT_WIDTH);
		return;
	}
	fprintf(f, "  not significant; the smallest change this run could detect,\n  or why not:\n");
	for (i = 0; i < sec->nrows; i++) {
		const struct mhp_mrow *row = &sec->rows[i];

		if (!shown(row) || !row->cmp.tested || row->cmp.significant)
			continue;
		mhp_fmt_detectable(r, row, d, sizeof(d));
		snprintf(line, sizeof(line), "    %-28s %s", row->metric, d);
		detail(f, line);
	}
}

static void section(FILE *f, const struct mhp_report *r,
		    const struct mhp_pairing *p, const struct mhp_section *sec)
{
	bool cmp = p->side[MHP_NEW].rd != NULL;
	size_t i, n = 0;
	char name[96];

	section_title(f, p, sec);
	for (i = 0; i < sec->nrows; i++)
		n += shown(&sec->rows[i]);
	if (!n) {
		fprintf(f, "  no valid samples\n");
		return;
	}
	/* One side without a valid sample: nothing to compare (the HTML
	 * page has the other side's numbers).
	 */
	if (cmp && (!sec->valid[MHP_BASE] || !sec->valid[MHP_NEW])) {
		int side = sec->valid[MHP_BASE] ? MHP_NEW : MHP_BASE;

		fprintf(f, "  %s %s: nothing to compare\n", sec->samples[side] ?
			"no valid sample of" : "no sample of",
			mhp_side_name(p, sec, side, name, sizeof(name)));
		return;
	}
	if (cmp)
		compare_header(f, p, sec);
	else
		fprintf(f, "%9s%6s%11s%11s  %s\n", "mean", "%sd", "median", "p95",
			"metric");
	for (i = 0; i < sec->nrows; i++) {
		if (!shown(&sec->rows[i]))
			continue;
		if (cmp)
			compare_row(f, &sec->rows[i]);
		else
			describe_row(f, &sec->rows[i]);
	}
	if (cmp) {
		significant_details(f, sec);
		detectable_details(f, r, sec);
	}
}

/* The per-block metrics of the report, "a (median), b (sum)" into buf. */
static void per_block_metrics(const struct mhp_report *r, char *buf, size_t len)
{
	size_t i, j, k, w = 0;

	buf[0] = '\0';
	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++)
			for (k = 0; k < r->pair[i].sec[j].nrows; k++) {
				const struct mhp_mrow *row = &r->pair[i].sec[j].rows[k];
				char item[96];

				snprintf(item, sizeof(item), "%s (%s)", row->metric,
					 mhp_reduce_name(row->info.reduce));
				if (!row->per_block || !shown(row) || strstr(buf, item))
					continue;
				w += snprintf(buf + w, len - w, "%s%s", w ? ", " : "",
					      item);
				if (w >= len)
					return;
			}
}

/* The largest smallest-possible p of the report's tests. */
static const struct mhp_mrow *worst_p_min(const struct mhp_report *r)
{
	const struct mhp_mrow *worst = NULL;
	size_t i, j, k;

	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++)
			for (k = 0; k < r->pair[i].sec[j].nrows; k++) {
				const struct mhp_mrow *row = &r->pair[i].sec[j].rows[k];

				if (row->cmp.tested &&
				    (!worst || row->cmp.p_min > worst->cmp.p_min))
					worst = row;
			}
	return worst;
}

/* The notes of the metric table for metrics with a value other than 0. */
static void metric_notes(FILE *f, const struct mhp_report *r)
{
	const char *said[16];
	size_t i, j, k, n = 0, m;
	int s;

	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++)
			for (k = 0; k < r->pair[i].sec[j].nrows; k++) {
				const struct mhp_mrow *row = &r->pair[i].sec[j].rows[k];
				char text[512];

				for (s = 0; s < 2; s++)
					if (row->st[s].n && (row->st[s].min || row->st[s].max))
						break;
				if (!row->info.note || s == 2)
					continue;
				for (m = 0; m < n && said[m] != row->info.note; m++)
					;
				if (m < n || n == ARRAY_SIZE(said))
					continue;
				said[n++] = row->info.note;
				snprintf(text, sizeof(text), "%s: %s.", row->metric,
					 row->info.note);
				mhp_wrap(f, "", "", text, MHP_TEXT_WIDTH);
			}
}

static bool any_compared(const struct mhp_report *r)
{
	size_t i;

	for (i = 0; i < r->npair; i++)
		if (r->pair[i].side[MHP_NEW].rd)
			return true;
	return false;
}

/* The samples a side that let the exact test reach p < alpha. */
static size_t samples_for(double alpha)
{
	size_t n = 2;

	while (n < 1000 && mhp_mann_whitney_p_min(n, n) >= alpha)
		n++;
	return n;
}

static void method(FILE *f, const struct mhp_report *r)
{
	const struct mhp_mrow *worst = worst_p_min(r);
	char text[2048], blocks[1024];

	fprintf(f, "\n");
	if (any_compared(r)) {
		snprintf(text, sizeof(text),
			 "Rows: mean over the valid samples (one value per sample, a boot: n is the number of samples) ±stddev in %% of the mean; %%change of the mean, new vs base (without %%: new - base, the base has zeros). * significant: the Benjamini-Hochberg adjusted p (q) is below alpha %.2g over all %zu tests of this report, which holds the expected share of false findings among the flagged at %.2g or less, and the change is at least %.3g%% of the base's mean. p: two-sided Mann-Whitney U (exact permutation distribution up to %d samples, twice the smaller tail, else the normal approximation with tie and continuity corrections); CI: bootstrap 95%% of the change (%d resamples of both sides, seed %llu). Not significant is not \"no change\": the change the run could have detected at alpha is given (half the width of a 1 - alpha interval: the 95%% CI's half width times z(1 - alpha/2) / 1.96, at least the minimum change); a metric whose values are all the same on both sides is not tested.",
			 r->alpha, r->ntests, r->alpha, r->min_change * 100,
			 MHP_MWU_EXACT_N, MHP_BOOT_RESAMPLES,
			 (unsigned long long)r->seed);
	} else {
		snprintf(text, sizeof(text),
			 "Rows: mean over the valid samples (one value per sample, a boot) ±stddev in %% of the mean, median and p95 (linear interpolation).");
	}
	mhp_wrap(f, "", "", text, MHP_TEXT_WIDTH);
	per_block_metrics(r, blocks, sizeof(blocks));
	if (blocks[0]) {
		snprintf(text, sizeof(text),
			 "Per-block metrics are reduced to one value per sample first: %s. Their distributions over every block are in report.html and the ECDF figure, without tests.",
			 blocks);
		mhp_wrap(f, "", "", text, MHP_TEXT_WIDTH);
	}
	metric_notes(f, r);
	if (worst && worst->cmp.p_min >= r->alpha) {
		snprintf(text, sizeof(text),
			 "with %zu vs %zu samples the smallest possible p is %.2g, not below alpha %.2g: no change can be significant; run more samples.",
			 worst->st[MHP_BASE].n, worst->st[MHP_NEW].n,
			 worst->cmp.p_min, r->alpha);
		mhp_wrap(f, "!!! ", "!!! ", text, MHP_TEXT_WIDTH);
	} else if (worst && worst->cmp.p_min * r->ntests >= r->alpha) {
		snprintf(text, sizeof(text),
			 "with %zu vs %zu samples the smallest possible p is %.2g: over %zu tests a change is significant only together with others (q = p x tests / rank); a lone change needs p < %.2g, which takes %zu samples a side.",
			 worst->st[MHP_BASE].n, worst->st[MHP_NEW].n,
			 worst->cmp.p_min, r->ntests, r->alpha / r->ntests,
			 samples_for(r->alpha / r->ntests));
		mhp_wrap(f, "!!! ", "!!! ", text, MHP_TEXT_WIDTH);
	}
}

/* Where in its round a sample ran, and whether that shows (position.h). */
static void position_text(FILE *f, const struct mhp_report *r, int side)
{
	const char *who = mhp_report_two_runs(r) ? (side ? "B: " : "A: ") : "";
	char text[1024], over[32] = "";
	size_t i, hit = 0;

	if (r->order[side] == MHP_ORDER_UNKNOWN)
		return;
	if (r->order[side] == MHP_ORDER_FIXED) {
		snprintf(text, sizeof(text),
			 "%sPosition in the round: the order was fixed (--order fixed), so a position effect cannot be told apart from a variant's.",
			 who);
		mhp_wrap(f, "", "", text, MHP_TEXT_WIDTH);
		return;
	}
	for (i = 0; i < r->npos[side]; i++) {
		const struct mhp_position_effect *e = &r->pos[side][i];

		if (!(e->q < r->alpha))
			continue;
		hit++;
		snprintf(text, sizeof(text),
			 "%sposition effect on %s: rho %+.2f (the later in its round, the %s), p %.2g, q %.2g over %zu timings, n %zu. It hits every variant alike (random order) and widens their spread.",
			 who, e->metric, e->rho, e->rho > 0 ? "larger" : "smaller",
			 e->p, e->q, r->npos[side], e->n);
		mhp_wrap(f, "!!! ", "!!! ", text, MHP_TEXT_WIDTH);
	}
	if (hit)
		return;
	if (r->npos[side])
		snprintf(over, sizeof(over), " over %zu timings", r->npos[side]);
	snprintf(text, sizeof(text),
		 "%sPosition in the round (its order drawn afresh for each round): %s (stratified Spearman rho of position and value, randomization test of %d draws within rounds, BH q < alpha %.2g%s).",
		 who, r->npos[side] ?
		 "no timing shows a position effect" :
		 "too few rounds or samples to test (2 rounds, 8 samples a timing)",
		 MHP_POSITION_DRAWS, r->alpha, over);
	mhp_wrap(f, "", "", text, MHP_TEXT_WIDTH);
}

static void overhead_row(const struct mhp_pairing *p,
			 const struct mhp_section *sec,
			 const struct mhp_mrow *row, void *arg)
{
	FILE *f = arg;
	struct mhp_cmp_str c;
	char line[256], size[16];

	mhp_size_format(sec->size, size, sizeof(size));
	mhp_fmt_cmp(&row->cmp, &c);
	snprintf(line, sizeof(line), "  %s %s %s %s: %s [%s, %s] (n %zu, %zu)",
		 p->side[MHP_BASE].label, sec->arch, size, row->metric, c.change,
		 c.lo, c.hi, row->st[MHP_BASE].n, row->st[MHP_NEW].n);
	detail(f, line);
}

static void count_row(const struct mhp_pairing *p, const struct mhp_section *sec,
		      const struct mhp_mrow *row, void *arg)
{
	(void)p;
	(void)sec;
	(void)row;
	++*(size_t *)arg;
}

/* Per variant: traced against untraced timings, the ratio and its CI. */
static void overhead(FILE *f, const struct mhp_report *r)
{
	size_t n = 0;

	mhp_report_each(r, MHP_PAIR_OVERHEAD, count_row, &n);
	if (!n)
		return;
	fprintf(f, "\n");
	mhp_wrap(f, "", "", "Tracing overhead measured in this run: traced vs untraced samples of a variant, change of the mean [bootstrap 95% CI] (no test):",
		 MHP_TEXT_WIDTH);
	mhp_report_each(r, MHP_PAIR_OVERHEAD, overhead_row, f);
}

/* What a pair isolates, from the run's meta.json, above its sections. */
static void pair_title(FILE *f, const struct mhp_pairing *p)
{
	char line[512], name[2][96];

	if (!p->isolates || !p->side[MHP_NEW].rd)
		return;
	snprintf(line, sizeof(line), "%s -> %s%s: %s",
		 mhp_side_name(p, NULL, MHP_BASE, name[0], sizeof(name[0])),
		 mhp_side_name(p, NULL, MHP_NEW, name[1], sizeof(name[1])),
		 p->kind == MHP_PAIR_DECOMP ? " (traced samples)" : "",
		 p->isolates);
	fprintf(f, "\n");
	mhp_wrap(f, "=== ", "    ", line, MHP_TEXT_WIDTH);
}

static bool used_variant(const struct mhp_report *r, int side, const char *v)
{
	const char *vs[32];
	size_t i, n = mhp_report_variants(r, side, vs, 32);

	for (i = 0; i < n && i < 32; i++)
		if (!strcmp(vs[i], v))
			return true;
	return false;
}

/* t is of s's group (variant, arch, size, scenario) and counts in it. */
static bool same_group(const struct mhp_sample_rec *s,
		       const struct mhp_sample_rec *t)
{
	return t->variant == s->variant && t->size == s->size &&
	       t->arch == s->arch && t->scenario == s->scenario &&
	       !t->other_method;
}

/* One line per group of excluded samples, with the first reason. */
static void excluded_samples(FILE *f, const struct mhp_report *r, int side, int *header)
{
	const struct mhp_rundata *rd = r->run[side];
	char text[1024], size[16];
	size_t i, j;

	for (i = 0; i < rd->nsmp; i++) {
		const struct mhp_sample_rec *s = &rd->smp[i];
		int bad = 0, all = 0;

		if (s->valid || s->other_method || !used_variant(r, side, s->variant))
			continue;
		for (j = 0; j < rd->nsmp; j++) {
			const struct mhp_sample_rec *t = &rd->smp[j];

			if (!same_group(s, t))
				continue;
			if (!t->valid && j < i)
				break;
			all++;
			bad += !t->valid;
		}
		if (j < rd->nsmp)
			continue;	/* the group was printed */
		if (!(*header)++)
			fprintf(f, "\n!!! excluded from the statistics (truth check or failure):\n");
		mhp_size_format(s->size, size, sizeof(size));
		snprintf(text, sizeof(text), "%s%s %s %s: %d of %d samples (%s)%s%s",
			 mhp_report_two_runs(r) ? (side ? "B:" : "A:") : "",
			 s->variant, s->arch, size, bad, all,
			 *s->outcome ? s->outcome : "valid=0", *s->reason ? ": " : "",
			 s->reason);
		mhp_wrap(f, "!!!   ", "!!!       ", text, MHP_TEXT_WIDTH);
	}
}

/*
 * The samples' notes (outcomes.csv column note): for altmap = rule
 * kernels, where upstream's rule used the altmap and where not, why.
 * One line per variant, arch, size and note, with how many samples.
 */
static void sample_notes(FILE *f, const struct mhp_report *r, int side,
			 int *header)
{
	const struct mhp_rundata *rd = r->run[side];
	char text[1024], size[16];
	size_t i, j;

	for (i = 0; i < rd->nsmp; i++) {
		const struct mhp_sample_rec *s = &rd->smp[i];
		int n = 0;

		if (!*s->note || s->other_method ||
		    !used_variant(r, side, s->variant))
			continue;
		for (j = 0; j < rd->nsmp; j++) {
			const struct mhp_sample_rec *t = &rd->smp[j];

			if (!same_group(s, t) || t->note != s->note)
				continue;
			if (j < i)
				break;
			n++;
		}
		if (j < rd->nsmp)
			continue;	/* the group was printed */
		if (!(*header)++)
			fprintf(f, "\nWhere upstream's rule put the memmap (altmap = rule kernels):\n");
		mhp_size_format(s->size, size, sizeof(size));
		snprintf(text, sizeof(text), "%s%s %s %s, %d sample%s: %s",
			 mhp_report_two_runs(r) ? (side ? "B:" : "A:") : "",
			 s->variant, s->arch, size, n, n == 1 ? "" : "s",
			 s->note);
		mhp_wrap(f, "  ", "      ", text, MHP_TEXT_WIDTH);
	}
}

static void title(FILE *f, const struct mhp_report *r)
{
	char line[512], m[2][128] = { "", "" };
	int s;

	/* A methods comparison names each run's method in the title. */
	for (s = 0; s < 2 && mhp_report_compares_methods(r); s++) {
		mhp_report_run_methods(r, s, m[s] + 2, sizeof(m[s]) - 2);
		memcpy(m[s], ", ", 2);
	}
	if (mhp_report_two_runs(r))
		snprintf(line, sizeof(line), "mhpbench compare: %s (A, base%s) vs %s (B, new%s)",
			 r->run[MHP_BASE]->id, m[MHP_BASE], r->run[MHP_NEW]->id,
			 m[MHP_NEW]);
	else
		snprintf(line, sizeof(line), "mhpbench report: %s", r->run[MHP_BASE]->id);
	mhp_wrap(f, "", "    ", line, MHP_TEXT_WIDTH);
	fprintf(f, "========================================================================\n");
}

void mhp_text_report(FILE *f, const struct mhp_report *r)
{
	size_t i, j;
	int header = 0, notes = 0;

	title(f, r);
	mhp_provenance_text(f, r, MHP_BASE);
	if (mhp_report_two_runs(r)) {
		fprintf(f, "\n");
		mhp_provenance_text(f, r, MHP_NEW);
	}
	if (r->nwarn)
		fprintf(f, "\n!!! differs between the compared sides besides the variant:\n");
	for (i = 0; i < r->nwarn; i++)
		mhp_wrap(f, "!!!   ", "!!!     ", r->warn[i], MHP_TEXT_WIDTH);
	for (i = 0; i < r->npair; i++) {
		if (r->pair[i].kind == MHP_PAIR_OVERHEAD)
			continue;
		pair_title(f, &r->pair[i]);
		for (j = 0; j < r->pair[i].nsec; j++)
			section(f, r, &r->pair[i], &r->pair[i].sec[j]);
	}
	overhead(f, r);
	mhp_contig_text(f, r);
	sample_notes(f, r, MHP_BASE, &notes);
	if (mhp_report_two_runs(r))
		sample_notes(f, r, MHP_NEW, &notes);
	method(f, r);
	position_text(f, r, MHP_BASE);
	if (mhp_report_two_runs(r))
		position_text(f, r, MHP_NEW);
	excluded_samples(f, r, MHP_BASE, &header);
	if (mhp_report_two_runs(r))
		excluded_samples(f, r, MHP_NEW, &header);
}
