// SPDX-License-Identifier: GPL-2.0
/* mhpbench compare RUN_A RUN_B: two runs, A the base and B the new. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "mhpbench.h"
#include "report.h"

static const char usage[] =
	"usage: mhpbench compare RUN_A RUN_B [--baseline VARIANT] [--out DIR]\n"
	"                        [--seed N] [--alpha P] [--min-change X]\n"
	"                        [--no-plots]\n"
	"\n"
	"Compares two runs from their samples.csv and meta.json, A the base and\n"
	"B the new: each variant both runs have against itself, or with\n"
	"--baseline the variant of A against every variant of B. Warns about\n"
	"everything else that differs (config, QEMU, host, page size, kernel\n"
	"source). Prints the text report and writes report.txt, report.html\n"
	"and plots/ into RUN_B/compare-ID_OF_A (or --out). --alpha and\n"
	"--min-change as for report (see mhpbench report --help).\n";

void mhp_compare_usage(FILE *f)
{
	fputs(usage, f);
}

int mhp_cmd_compare(int argc, char **argv, const char *top)
{
	struct mhp_report_args a;
	struct mhp_rundata rd[2];
	struct mhp_report r;
	char err[1024], out[PATH_MAX + 160];
	int ret = MHP_EXIT_USAGE, i;

	if (mhp_report_args(argc, argv, 2, usage, &a))
		return MHP_EXIT_USAGE;
	for (i = 0; i < 2; i++)
		if (mhp_rundata_load(a.run[i], &rd[i], err, sizeof(err))) {
			fprintf(stderr, "mhpbench: %s\n", err);
			if (i)
				mhp_rundata_free(&rd[0]);
			return MHP_EXIT_USAGE;
		}
	if (mhp_report_build(&r, &rd[0], &rd[1], a.baseline, a.seed, err,
			     sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		goto out;
	}
	mhp_report_args_rule(&r, &a);
	snprintf(out, sizeof(out), "%s/compare-%s", a.run[1], rd[0].id);
	for (i = strlen(a.run[1]) + 1; out[i]; i++)
		if (out[i] == '/')
			out[i] = '_';
	ret = mhp_report_emit(&r, top, a.out ? a.out : out, a.plots) ? 1 : 0;
	mhp_report_free(&r);
out:
	mhp_rundata_free(&rd[0]);
	mhp_rundata_free(&rd[1]);
	return ret;
}
