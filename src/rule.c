// SPDX-License-Identifier: GPL-2.0
/* The report's rule: --alpha and --min-change (rule.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"

int mhp_alpha_parse(const char *v, double *alpha, char *err, size_t errlen)
{
	char *end;
	double a = strtod(v, &end);

	if (!*v || *end || !(a > 0 && a < 1)) {
		snprintf(err, errlen, "bad alpha '%s' (want a p-value threshold between 0 and 1, e.g. 0.01)",
			 v);
		return -1;
	}
	*alpha = a;
	return 0;
}

int mhp_min_change_parse(const char *v, double *frac, char *err,
			 size_t errlen)
{
	char *end;
	double x = strtod(v, &end);

	if (end != v && !strcmp(end, "%"))
		x /= 100;
	else if (*end)
		end = NULL;
	if (end == v || !end || !isfinite(x) || x < 0 || x > 10) {
		snprintf(err, errlen, "bad minimum change '%s' (want a fraction or a percentage from 0 to 1000%%, e.g. 0.05 or 5%%)",
			 v);
		return -1;
	}
	*frac = x;
	return 0;
}
