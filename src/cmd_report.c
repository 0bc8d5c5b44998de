// SPDX-License-Identifier: GPL-2.0
/* mhpbench report RUN: one run, its baseline against its other variants. */
#include <stdio.h>

#include "mhpbench.h"
#include "report.h"

static const char usage[] =
	"usage: mhpbench report RUN [--baseline VARIANT] [--out DIR] [--seed N]\n"
	"                           [--alpha P] [--min-change X] [--no-plots]\n"
	"\n"
	"Rebuilds the report of a run from its samples.csv and meta.json: the\n"
	"pairs of its meta.json, or the baseline variant (default: the one\n"
	"named baseline, else the first) against every other variant, per DIMM\n"
	"size. Prints the text report and writes report.txt, report.html and\n"
	"plots/ into RUN (or --out). A change is significant when its\n"
	"Benjamini-Hochberg adjusted p is below --alpha (default: meta.json's,\n"
	"else 0.01) and it is at least --min-change of the base (0.05 or 5%,\n"
	"default: meta.json's, else 5%). --seed seeds the bootstrap (default 1).\n";

void mhp_report_usage(FILE *f)
{
	fputs(usage, f);
}

int mhp_cmd_report(int argc, char **argv, const char *top)
{
	struct mhp_report_args a;
	struct mhp_rundata rd;
	struct mhp_report r;
	char err[1024];
	int ret;

	if (mhp_report_args(argc, argv, 1, usage, &a))
		return MHP_EXIT_USAGE;
	if (mhp_rundata_load(a.run[0], &rd, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		return MHP_EXIT_USAGE;
	}
	if (mhp_report_build(&r, &rd, &rd, a.baseline, a.seed, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		mhp_rundata_free(&rd);
		return MHP_EXIT_USAGE;
	}
	mhp_report_args_rule(&r, &a);
	ret = mhp_report_emit(&r, top, a.out ? a.out : a.run[0], a.plots) ? 1 : 0;
	mhp_report_free(&r);
	mhp_rundata_free(&rd);
	return ret;
}
