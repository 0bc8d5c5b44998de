// SPDX-License-Identifier: GPL-2.0
/* What the altmap gives and what it takes (contig_report.h). */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "contig_report.h"
#include "rundata.h"
#include "size.h"
#include "stats.h"
#include "wrap.h"

#define MAX_SIDES 32

const char *const mhp_contig_names[MHP_CONTIG_NR] = {
	"gigantic pages", "huge pages (movable)", "huge pages (kernel)",
	"max-order blocks",
};

static const char *const pct_rows[MHP_CONTIG_NR] = {
	"gigantic_pages_pct", "huge_pages_movable_pct", "huge_pages_kernel_pct",
	"buddy_max_order_pct",
};

/* Mean of a metric over the side's valid samples of (scenario, arch, size). */
static double mean(const struct mhp_side *s, const char *scenario,
		   const char *arch, uint64_t size, const char *metric,
		   size_t *n)
{
	struct mhp_stats st;
	size_t k;
	double *v = mhp_side_sample_values(s, scenario, arch, size, metric, &k);

	mhp_stats(v, k, &st);
	free(v);
	if (n)
		*n = k;
	return k ? st.mean : -1;
}

/* The distinct sides of the report's main pairs. */
static size_t sides(const struct mhp_report *r, const struct mhp_side **out)
{
	size_t i, j, n = 0;
	int s;

	for (i = 0; i < r->npair; i++)
		for (s = 0; s < 2; s++) {
			const struct mhp_side *sd = &r->pair[i].side[s];

			if (!sd->rd || r->pair[i].kind != MHP_PAIR_MAIN)
				continue;
			for (j = 0; j < n; j++)
				if (out[j]->rd == sd->rd &&
				    !strcmp(out[j]->variant, sd->variant))
					break;
			if (j == n && n < MAX_SIDES)
				out[n++] = sd;
		}
	return n;
}

static int cmp_row(const void *a, const void *b)
{
	const struct mhp_contig_row *x = a, *y = b;
	int c = strcmp(x->arch, y->arch);

	if (!c)
		c = (x->size > y->size) - (x->size < y->size);
	return c;
}

static void fill(struct mhp_contig_row *row)
{
	const struct mhp_side *s = row->side;
	double page;
	int i;

	for (i = 0; i < MHP_CONTIG_NR; i++)
		row->pct[i] = mean(s, "contig", row->arch, row->size,
				   pct_rows[i], i ? NULL : &row->n);
	row->thp_alloc = mean(s, "contig", row->arch, row->size,
			      "thp_fault_alloc", NULL);
	row->thp_expected = mean(s, "contig", row->arch, row->size,
				 "thp_fault_alloc_expected", NULL);
	row->dm1g_kb = mean(s, "contig", row->arch, row->size,
			    "directmap_1g_gain_kb", NULL);
	row->dm2m_kb = mean(s, "contig", row->arch, row->size,
			    "directmap_2m_gain_kb", NULL);
	/* The hotadd scenario's measure when the run has it, else ours. */
	row->saved_from = "memmap_pages_on_hotadded";
	row->saved_kb = mean(s, "hotadd", row->arch, row->size,
			     row->saved_from, NULL);
	page = mean(s, "hotadd", row->arch, row->size, "page_size_bytes", NULL);
	if (row->saved_kb >= 0 && page > 0) {
		row->saved_kb *= page / 1024;
		return;
	}
	row->saved_from = "memmap_on_range_kb";
	row->saved_kb = mean(s, "contig", row->arch, row->size,
			     row->saved_from, NULL);
}

size_t mhp_contig_rows(const struct mhp_report *r, struct mhp_contig_row *rows,
		       size_t max)
{
	const struct mhp_side *sd[MAX_SIDES];
	size_t ns = sides(r, sd), i, j, k, n = 0;

	for (i = 0; i < ns; i++) {
		const struct mhp_rundata *rd = sd[i]->rd;

		for (j = 0; j < rd->nobs; j++) {
			const struct mhp_obs *o = &rd->obs[j];

			if (strcmp(o->metric, pct_rows[0]) ||
			    strcmp(o->variant, sd[i]->variant))
				continue;
			for (k = 0; k < n; k++)
				if (rows[k].side == sd[i] && rows[k].size == o->size &&
				    !strcmp(rows[k].arch, o->arch))
					break;
			if (k < n || n >= max)
				continue;
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].side = sd[i];
			rows[n].arch = o->arch;
			rows[n].size = o->size;
			fill(&rows[n]);
			if (rows[n].n)
				n++;
		}
	}
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_row);
	return n;
}

static void pct(FILE *f, double v)
{
	if (v < 0)
		fprintf(f, " %5s", "-");
	else
		fprintf(f, " %4.0f%%", v);
}

static void mib(FILE *f, double kb)
{
	if (kb < 0)
		fprintf(f, " %5s", "-");
	else
		fprintf(f, " %5.0f", kb / 1024);
}

void mhp_contig_text(FILE *f, const struct mhp_report *r)
{
	struct mhp_contig_row rows[64];
	size_t n = mhp_contig_rows(r, rows, ARRAY_SIZE(rows)), i;
	char sz[16];

	if (!n)
		return;
	fprintf(f, "\nWhat the altmap gives and what it takes\n"
		"---------------------------------------\n");
	mhp_wrap(f, "", "", "Per variant (means of valid samples, scenario contig): saved, the memmap the hot-added range holds itself, not taken from existing RAM at the add; then what node 1's hot-added memory gives as a percentage of what the same range gives with no memmap on it: 1G gigantic pages (online kernel), 2M huge pages online movable and kernel, MAX_ORDER blocks (kernel); THP faults that got a huge page of those asked; DM, the direct map's 1G and 2M entries gained at the add.",
		 MHP_TEXT_WIDTH);
	fprintf(f, "\n%-7s %-11s %4s %2s %5s %5s %5s %5s %5s %5s %5s %5s\n",
		"", "", "", "", "saved", "1G", "2M", "2M", "MAX_", "THP",
		"DM 1G", "DM 2M");
	fprintf(f, "%-6s %-10s %4s %2s %5s %5s %5s %5s %5s %5s %5s %5s\n",
		"arch", "variant", "size", "n", "MiB", "pages", "movab", "kernl",
		"ORDER", "%", "MiB", "MiB");
	for (i = 0; i < n; i++) {
		const struct mhp_contig_row *c = &rows[i];

		mhp_size_format(c->size, sz, sizeof(sz));
		fprintf(f, "%-6.6s %-10.10s %4s %2zu", c->arch, c->side->label,
			sz, c->n);
		mib(f, c->saved_kb);
		pct(f, c->pct[MHP_CONTIG_GIGANTIC]);
		pct(f, c->pct[MHP_CONTIG_HUGE_MOVABLE]);
		pct(f, c->pct[MHP_CONTIG_HUGE_KERNEL]);
		pct(f, c->pct[MHP_CONTIG_MAX_ORDER]);
		pct(f, c->thp_alloc >= 0 && c->thp_expected > 0 ?
		    100 * c->thp_alloc / c->thp_expected : -1);
		mib(f, c->dm1g_kb);
		mib(f, c->dm2m_kb);
		fprintf(f, "\n");
	}
	mhp_wrap(f, "", "", strcmp(rows[0].saved_from, "memmap_on_range_kb") ?
		 "saved: the hotadd scenario's memmap_pages_on_hotadded." :
		 "saved: the memmap found on the range (kpageflags: the first block's self-hosted pages, times the blocks).",
		 MHP_TEXT_WIDTH);
}
