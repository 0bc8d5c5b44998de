// SPDX-License-Identifier: GPL-2.0
/*
 * summary.txt: per variant and size (traced samples apart), the valid
 * samples' median, p95 and coefficient of variation of the headline
 * metrics, the altmap verdicts, and every invalid or failed sample,
 * loudly. Fits in 72 columns.
 */
#include <stdlib.h>
#include <string.h>

#include "size.h"
#include "stats.h"
#include "summary.h"

static const char *const headline[] = {
	"qmp_device_add_us", "plug_us", "add_total_us", "online_total_us",
	"kernel_online_last_us", "unplug_us", "replug_us", "boot_ms", "wall_ms",
	"memfree_drop_at_add_kb", "memfree_shortfall_kb", "memtotal_gain_kb",
	"memmap_pages_expected", "memmap_pages_on_hotadded",
	"memmap_pages_from_existing", NULL
};

static bool same_group(const struct mhp_sample *a, const struct mhp_sample *b)
{
	return a->size == b->size && a->traced == b->traced &&
	       !strcmp(a->kernel->variant, b->kernel->variant) &&
	       !strcmp(a->kernel->arch, b->kernel->arch);
}

/* Who onlined the memory, when not the guest driver after the add. */
static const char *onlining(const struct mhp_sample *g)
{
	double v;

	if (mhp_sample_get(g, "online_by_kernel", &v) && v == 1)
		return ", onlined by the kernel";
	if (mhp_sample_get(g, "online_eager", &v) && v == 1)
		return ", each block onlined as added";
	return "";
}

/* With several arches in a run, every line names its arch. */
static const char *arch_prefix(const struct mhp_run *r,
			       const struct mhp_sample *s, char *buf, size_t len)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < r->nsamples; i++)
		if (strcmp(r->samples[i].kernel->arch, s->kernel->arch)) {
			snprintf(buf, len, "%s ", s->kernel->arch);
			break;
		}
	return buf;
}

static void metric_line(FILE *f, const struct mhp_run *r,
			const struct mhp_sample *g, const char *metric)
{
	double *v = calloc(r->nsamples, sizeof(*v));
	struct mhp_stats st;
	size_t n = 0;
	int i;

	if (!v)
		return;
	for (i = 0; i < r->nsamples; i++) {
		const struct mhp_sample *s = &r->samples[i];

		if (same_group(s, g) && s->valid && mhp_sample_get(s, metric, &v[n]))
			n++;
	}
	if (n) {
		mhp_stats(v, n, &st);
		fprintf(f, "  %-28s %3zu %12.0f %12.0f %7.1f\n", metric, n,
			st.median, st.p95, st.cov * 100);
	}
	free(v);
}

static void group(FILE *f, const struct mhp_run *r, const struct mhp_sample *g)
{
	int i, n = 0, valid = 0, yes = 0;
	char size[32], arch[40];
	double v;

	for (i = 0; i < r->nsamples; i++) {
		const struct mhp_sample *s = &r->samples[i];

		if (!same_group(s, g))
			continue;
		n++;
		valid += s->valid;
		if (mhp_sample_get(s, "altmap_in_effect", &v) && v == 1)
			yes++;
	}
	mhp_size_format(g->size, size, sizeof(size));
	fprintf(f, "\n%s%s %s%s: %d/%d valid, altmap in effect in %d%s\n",
		arch_prefix(r, g, arch, sizeof(arch)), g->kernel->variant, size,
		g->traced ? " traced" : "", valid, n, yes, onlining(g));
	fprintf(f, "  %-28s %3s %12s %12s %7s\n", "metric", "n", "median",
		"p95", "CoV%");
	for (i = 0; headline[i]; i++)
		metric_line(f, r, g, headline[i]);
}

void mhp_summary(FILE *f, const struct mhp_run *r, const char *accel,
		 const char *qemu_version)
{
	int i, j, bad = 0;
	char arch[40];
	double wall;

	fprintf(f, "mhpbench %s on %s, run %s\n", r->scenario, r->arch, r->id);
	fprintf(f, "QEMU %s, accelerator %s%s\n", qemu_version, accel,
		strcmp(accel, "kvm") ? " (emulated: times are not hardware's)" : "");
	/*
	 * The rate: what more samples would cost. Over the samples' own
	 * wall time (boot to power-off, and writing them), not the gaps of
	 * an interrupted run.
	 */
	for (i = 0, wall = 0; i < r->nsamples; i++)
		wall += r->samples[i].wall_us;
	if (wall)
		fprintf(f, "%d samples (boots) in %.1f min of sample wall time: %.1f a minute%s\n",
			r->nsamples, wall / 60e6, r->nsamples / (wall / 60e6),
			strcmp(accel, "kvm") ? " (emulated)" : "");
	for (i = 0; i < r->nsamples; i++) {
		const struct mhp_kernel *k = r->samples[i].kernel;

		for (j = 0; j < i; j++)
			if (r->samples[j].kernel == k)
				break;
		if (j == i)
			fprintf(f, "kernel %s%-8s %s: %s\n",
				arch_prefix(r, &r->samples[i], arch, sizeof(arch)),
				k->variant, k->build_id, k->cmdline);
	}
	for (i = 0; i < r->nsamples; i++) {
		for (j = 0; j < i; j++)
			if (same_group(&r->samples[j], &r->samples[i]))
				break;
		if (j == i)
			group(f, r, &r->samples[i]);
	}
	for (i = 0; i < r->nsamples; i++) {
		const struct mhp_sample *s = &r->samples[i];
		char size[32];

		if (s->valid)
			continue;
		if (!bad++)
			fprintf(f, "\n");
		mhp_size_format(s->size, size, sizeof(size));
		fprintf(f, "!!! %s%s %s sample %d EXCLUDED (%s): %s\n",
			arch_prefix(r, s, arch, sizeof(arch)),
			s->kernel->variant, size, s->index,
			mhp_outcome_name(s->outcome), s->reason);
	}
	if (bad)
		fprintf(f, "!!! %d sample(s) excluded from the statistics above\n",
			bad);
}
