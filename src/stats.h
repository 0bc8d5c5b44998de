/* SPDX-License-Identifier: GPL-2.0 */
/* Descriptive statistics of one metric over samples. */
#ifndef MHP_STATS_H
#define MHP_STATS_H

#include <stddef.h>

struct mhp_stats {
	size_t n;
	double mean;
	double median;
	double p95;
	double min;
	double max;
	double stddev;	/* sample standard deviation (n - 1) */
	double cov;	/* stddev / mean, 0 when the mean is 0 */
};

/* Sorts v in place. Percentiles by linear interpolation between closest
 * ranks (the method of numpy's default and R's type 7).
 */
void mhp_stats(double *v, size_t n, struct mhp_stats *st);

#endif
