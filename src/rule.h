/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule a report applies to a change: significant (p < alpha) and at
 * least min_change in magnitude. Parsed the same wherever it is given
 * (mhpbench run and a bench config record it in meta.json; the reports
 * read it there or from their own options).
 */
#ifndef MHP_RULE_H
#define MHP_RULE_H

#include <stddef.h>

#define MHP_ALPHA_DEFAULT 0.01
#define MHP_MIN_CHANGE_DEFAULT 0.05

/* "0.01": 0 < alpha < 1. -1 with one line in err. */
int mhp_alpha_parse(const char *v, double *alpha, char *err, size_t errlen);

/* "5%" or "0.05": a fraction from 0 to 10 (1000 %). -1 with err. */
int mhp_min_change_parse(const char *v, double *frac, char *err,
			 size_t errlen);

#endif
