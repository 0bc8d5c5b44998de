// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (n - 1);
	size_t lo = (size_t)floor(pos);
	size_t hi = lo + 1 < n ? lo + 1 : lo;

	return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

void mhp_stats(double *v, size_t n, struct mhp_stats *st)
{
	double sum = 0, ss = 0;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->n = n;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	st->mean = sum / n;
	for (i = 0; i < n; i++)
		ss += (v[i] - st->mean) * (v[i] - st->mean);
	st->stddev = n > 1 ? sqrt(ss / (n - 1)) : 0;
	st->cov = st->mean != 0 ? st->stddev / fabs(st->mean) : 0;
	st->min = v[0];
	st->max = v[n - 1];
	st->median = quantile(v, n, 0.5);
	st->p95 = quantile(v, n, 0.95);
}
