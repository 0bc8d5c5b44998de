// SPDX-License-Identifier: GPL-2.0
/*
 * The position effect (src/position.c) on synthetic runs: 12 rounds of 2
 * variants x 2 sizes in an order drawn per round (src/order.c), a
 * timing that grows with the position and one that does not; a fixed
 * order; a run from before run_position rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "order.h"
#include "position.h"
#include "rundata.h"
#include "stats.h"

#define ROUNDS 12

static const char *const variants[] = { "baseline", "altmap" };
static const uint64_t sizes[] = { 134217728, 1073741824 };

/*
 * A run directory: add_total_us = the side's level + slope * position
 * + noise of +-50, online_total_us = level + noise only.
 */
static void make_run(char *dir, const char *order, bool positions,
		     double slope)
{
	struct mhp_rng rng;
	char path[300];
	int perm[4], round, i;
	FILE *f;

	snprintf(dir, 256, "/tmp/mhp-test-position-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"run_id\": \"pos\", \"options\": {\"order\": \"%s\", \"seed\": 9}}\n",
		order);
	fclose(f);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", MHP_SAMPLES_HEADER);
	mhp_rng_seed(&rng, 1);
	for (round = 0; round < ROUNDS; round++) {
		mhp_round_order(9, round, !strcmp(order, "random"), perm, 4);
		for (i = 0; i < 4; i++) {
			int v = perm[i] / 2, z = perm[i] % 2;
			double level = 10000 * (1 + v) + 5000 * z;
			double noise = (double)mhp_rng_below(&rng, 101) - 50;

			fprintf(f, "pos,x86_64,%s,k,hotadd,%llu,%d,all,add_total_us,%.0f,us,1\n",
				variants[v], (unsigned long long)sizes[z], round,
				level + slope * i + noise);
			noise = (double)mhp_rng_below(&rng, 101) - 50;
			fprintf(f, "pos,x86_64,%s,k,hotadd,%llu,%d,all,online_total_us,%.0f,us,1\n",
				variants[v], (unsigned long long)sizes[z], round,
				level + noise);
			if (!positions)
				continue;
			fprintf(f, "pos,x86_64,%s,k,hotadd,%llu,%d,all,run_round,%d,index,1\n",
				variants[v], (unsigned long long)sizes[z], round, round);
			fprintf(f, "pos,x86_64,%s,k,hotadd,%llu,%d,all,run_position,%d,index,1\n",
				variants[v], (unsigned long long)sizes[z], round, i);
		}
	}
	fclose(f);
}

static void effects(const char *order, bool positions, double slope,
		    enum mhp_order *o, struct mhp_position_effect **e,
		    size_t *n)
{
	struct mhp_rundata rd;
	char dir[256], err[256], cmd[300];

	make_run(dir, order, positions, slope);
	assert_int_equal(mhp_rundata_load(dir, &rd, err, sizeof(err)), 0);
	assert_int_equal(mhp_position_effects(&rd, 5, o, e, n), 0);
	/* The metric names point into rd's pool: keep only what is tested. */
	if (*n)
		for (size_t i = 0; i < *n; i++)
			(*e)[i].metric = !strcmp((*e)[i].metric, "add_total_us") ?
					 "add_total_us" : "online_total_us";
	mhp_rundata_free(&rd);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	assert_int_equal(system(cmd), 0);
}

static const struct mhp_position_effect *
find(const struct mhp_position_effect *e, size_t n, const char *m)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].metric, m))
			return &e[i];
	fail_msg("no effect row for %s", m);
	return NULL;
}

static void test_effect_found(void **state)
{
	struct mhp_position_effect *e;
	const struct mhp_position_effect *a, *b;
	enum mhp_order o;
	size_t n;

	(void)state;
	/* 300 us per position against noise of +-50: as strong as it gets. */
	effects("random", true, 300, &o, &e, &n);
	assert_int_equal(o, MHP_ORDER_RANDOM);
	assert_int_equal(n, 2);
	a = find(e, n, "add_total_us");
	b = find(e, n, "online_total_us");
	assert_int_equal(a->n, 4 * ROUNDS);
	assert_true(a->rho > 0.8 && a->rho <= 1);
	/* No draw beats it: p is 1 / (draws + 1). */
	assert_true(fabs(a->p - 1.0 / (MHP_POSITION_DRAWS + 1)) < 1e-12);
	assert_true(a->q < 0.01);
	/* online_total_us has no slope: nothing to find. */
	assert_true(isfinite(b->rho) && fabs(b->rho) < 0.5);
	assert_true(b->p > 0.01 && b->p <= 1);
	free(e);
}

static void test_no_effect(void **state)
{
	struct mhp_position_effect *e;
	enum mhp_order o;
	size_t n, i;

	(void)state;
	effects("random", true, 0, &o, &e, &n);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		assert_true(e[i].q > 0.01 && e[i].q <= 1);
	free(e);
}

static void test_fixed_and_old(void **state)
{
	struct mhp_position_effect *e;
	enum mhp_order o;
	size_t n;

	(void)state;
	effects("fixed", true, 300, &o, &e, &n);
	assert_int_equal(o, MHP_ORDER_FIXED);
	assert_int_equal(n, 0);
	assert_null(e);
	effects("random", false, 300, &o, &e, &n);
	assert_int_equal(o, MHP_ORDER_UNKNOWN);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_effect_found),
		cmocka_unit_test(test_no_effect),
		cmocka_unit_test(test_fixed_and_old),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
