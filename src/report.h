/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `mhpbench report RUN` and `mhpbench compare RUN_A RUN_B`: the text on
 * stdout and in OUT/report.txt, the figures in OUT/plots/, the page in
 * OUT/report.html.
 */
#ifndef MHP_REPORT_H
#define MHP_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "comparison.h"

/* What both commands take besides the runs. */
struct mhp_report_args {
	const char *run[2];
	int nruns;
	const char *baseline;	/* NULL: the default pairing */
	const char *out;	/* NULL: the command's default */
	uint64_t seed;
	double alpha;		/* NAN: meta.json's, else the default */
	double min_change;	/* NAN: likewise */
	bool plots;
};

/* Apply --alpha and --min-change when given (over meta.json's). */
void mhp_report_args_rule(struct mhp_report *r, const struct mhp_report_args *a);

/* Parse argv (argv[0] is the command); 0, or -1 after one line on stderr. */
int mhp_report_args(int argc, char **argv, int nruns, const char *usage,
		    struct mhp_report_args *a);

/* Write and print the report; 0, or -1 after one line on stderr. */
int mhp_report_emit(const struct mhp_report *r, const char *top,
		    const char *out, bool plots);

int mhp_cmd_report(int argc, char **argv, const char *top);
int mhp_cmd_compare(int argc, char **argv, const char *top);
void mhp_report_usage(FILE *f);
void mhp_compare_usage(FILE *f);

#endif
