// SPDX-License-Identifier: GPL-2.0
/*
 * The hot-add method in the reports (hotplug_report.h). A run records
 * its method per arch (meta.json's profile "hotplug"); a method with
 * something of its own to say is a row of the table below: the rows
 * only it writes (a sample with one of them was hot-added that way),
 * its own keys of the arch profile, and what its provenance line adds.
 * The rest of the reports never name a method.
 */
#include <stdlib.h>
#include <string.h>

#include "appendf.h"
#include "compiler.h"
#include "conf.h"
#include "hotplug_report.h"
#include "provenance.h"
#include "size.h"

#define MAX_VALUES 4
#define MAX_ARCHES 8
#define MAX_VARIANTS 32

struct method_report {
	const char *name;
	const char *const *rows;	/* rows no other method writes */
	/* Its keys of the arch profile, compared between runs of it. */
	const char *const *profile_keys;
	/* Its keys that follow from the sizes (skipped as sizes are). */
	const char *const *derived_keys;
	/* Profile keys it changes (maxmem): not compared against others. */
	const char *const *changes_keys;
	/* Its provenance after the name, appended to buf. */
	void (*describe)(const struct mhp_rundata *rd, const char *arch,
			 json_object *profile, char *buf, size_t len);
};

/* The distinct values of metric over arch's samples of rd, sorted. */
static size_t distinct(const struct mhp_rundata *rd, const char *arch,
		       const char *metric, double *v, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (rd->smp[o->smp].other_method || strcmp(o->metric, metric) ||
		    strcmp(o->arch, arch))
			continue;
		for (j = 0; j < n && v[j] != o->value; j++)
			;
		if (j < n || n == max)
			continue;
		for (j = n++; j > 0 && v[j - 1] > o->value; j--)
			v[j] = v[j - 1];
		v[j] = o->value;
	}
	return n;
}

/* "2M", "2M/4M": sizes in bytes, appended to buf. */
static void sizes(char *buf, size_t len, const double *v, size_t n)
{
	char s[16];
	size_t i;

	for (i = 0; i < n; i++) {
		mhp_size_format(v[i] > 0 ? (uint64_t)v[i] : 0, s, sizeof(s));
		mhp_appendf(buf, len, "%s%s", i ? "/" : "", s);
	}
}

/* virtio-mem's guest modes by the value of row vmem_sbm. */
static const char *const vmem_mode[] = { "BBM", "SBM" };

/*
 * ": device block 2M (QEMU's default), guest SBM with 2M sub-blocks":
 * the device block the samples read (vmem_block_bytes from QEMU, else
 * the guest's vmem_device_block_bytes) beside what the run asked for
 * (the profile's virtio_mem_block_bytes; none or 0: QEMU's default), the
 * guest driver's mode and its unit. Each part only when measured.
 */
static void vmem_describe(const struct mhp_rundata *rd, const char *arch,
			  json_object *profile, char *buf, size_t len)
{
	const char *asked = mhp_meta_get(profile, "virtio_mem_block_bytes");
	double v[MAX_VALUES], sub[MAX_VALUES], big[MAX_VALUES];
	bool qemus = !*asked || !strcmp(asked, "0");
	size_t n, i, nsub, nbig, w0 = strlen(buf);
	int modes = 0;
	char s[16];

	n = distinct(rd, arch, "vmem_block_bytes", v, MAX_VALUES);
	if (!n)
		n = distinct(rd, arch, "vmem_device_block_bytes", v, MAX_VALUES);
	if (n) {
		mhp_appendf(buf, len, ": device block ");
		sizes(buf, len, v, n);
		if (qemus)
			mhp_appendf(buf, len, " (QEMU's default)");
		else if (n > 1 || v[0] != strtod(asked, NULL))
			mhp_appendf(buf, len, " (asked %s)", asked);
	} else {
		mhp_size_format(strtoull(asked, NULL, 10), s, sizeof(s));
		mhp_appendf(buf, len, ": device block %s", qemus ?
			    "QEMU's default" : s);
	}
	n = distinct(rd, arch, "vmem_sbm", v, MAX_VALUES);
	nsub = distinct(rd, arch, "vmem_subblock_bytes", sub, MAX_VALUES);
	nbig = distinct(rd, arch, "vmem_bigblock_bytes", big, MAX_VALUES);
	if (!n && !nsub && !nbig)
		return;
	mhp_appendf(buf, len, "%sguest ", strlen(buf) > w0 ? ", " : ": ");
	for (i = 0; i < n; i++)
		if (v[i] == 0 || v[i] == 1)
			mhp_appendf(buf, len, "%s%s", modes++ ? "/" : "",
				    vmem_mode[(int)v[i]]);
	if (!modes)
		mhp_appendf(buf, len, "mode");
	if (nsub) {
		mhp_appendf(buf, len, " with ");
		sizes(buf, len, sub, nsub);
		mhp_appendf(buf, len, " sub-blocks");
	}
	if (nbig) {
		mhp_appendf(buf, len, "%s", nsub ? " and " : " with ");
		sizes(buf, len, big, nbig);
		mhp_appendf(buf, len, " big blocks");
	}
}

static const char *const vmem_rows[] = {
	"vmem_block_bytes", "vmem_addr", "vmem_sbm", "vmem_subblock_bytes",
	"vmem_bigblock_bytes", "vmem_device_block_bytes", NULL
};
static const char *const vmem_keys[] = { "virtio_mem_block_bytes", NULL };
/* The device is sized by the run's largest size; maxmem grows to it. */
static const char *const vmem_derived[] = { "virtio_mem_backend_bytes", NULL };
static const char *const vmem_changes[] = { "maxmem_bytes", NULL };

/* Methods without rows, keys or provenance of their own need no row. */
static const struct method_report methods[] = {
	{ "virtio-mem", vmem_rows, vmem_keys, vmem_derived, vmem_changes,
	  vmem_describe },
};

static const struct method_report *method_of(const char *name)
{
	size_t i;

	for (i = 0; name && i < ARRAY_SIZE(methods); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}

/* The method whose own row metric is, or NULL. */
static const struct method_report *row_method(const char *metric)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (mhp_strv_has(methods[i].rows, metric))
			return &methods[i];
	return NULL;
}

const char *mhp_run_method(const struct mhp_rundata *rd, const char *arch)
{
	const char *m = mhp_meta_get(mhp_meta_profile(rd->meta, arch), "hotplug");

	return *m ? m : NULL;
}

void mhp_rundata_mark_methods(struct mhp_rundata *rd)
{
	size_t i;

	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];
		const struct method_report *m = row_method(o->metric);
		struct mhp_sample_rec *s = &rd->smp[o->smp];
		const char *run;

		if (!m || s->other_method)
			continue;
		run = mhp_run_method(rd, o->arch);
		/* Unrecorded: nothing to hold the sample to. */
		if (run && strcmp(run, m->name)) {
			s->other_method = m->name;
			s->other_row = o->metric;
		}
	}
}

void mhp_method_describe(const struct mhp_rundata *rd, const char *arch,
			 char *buf, size_t len)
{
	const char *name = mhp_run_method(rd, arch);
	const struct method_report *m = method_of(name);

	if (!name) {
		snprintf(buf, len, "hot-add " MHP_METHOD_UNRECORDED);
		return;
	}
	snprintf(buf, len, "%s", name);
	if (m && m->describe)
		m->describe(rd, arch, mhp_meta_profile(rd->meta, arch), buf, len);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool methods_differ(const struct mhp_section *sec)
{
	return sec->method[0] && sec->method[1] &&
	       strcmp(sec->method[0], sec->method[1]);
}

/* Both sides booted the same kernel of arch: build, image and cmdline. */
static bool same_kernel(const struct mhp_pairing *p, const char *arch)
{
	static const char *const keys[] = { "build_id", "image_sha256", "cmdline" };
	json_object *k[2];
	size_t i;
	int s;

	for (s = 0; s < 2; s++) {
		k[s] = mhp_meta_kernel(p->side[s].rd->meta, arch, p->side[s].variant);
		if (!k[s])
			return false;
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (strcmp(mhp_meta_get(k[0], keys[i]), mhp_meta_get(k[1], keys[i])))
			return false;
	return true;
}

/*
 * What a pair of two methods isolates: the method, when both sides
 * booted the same kernel wherever their methods differ.
 */
static void methods_isolate(struct mhp_pairing *p)
{
	bool same = true;
	size_t i;

	for (i = 0; i < p->nsec; i++)
		if (methods_differ(&p->sec[i]))
			same = same && same_kernel(p, p->sec[i].arch);
	snprintf(p->isolates_buf, sizeof(p->isolates_buf), "the hot-add method%s",
		 same ? ", with the same kernel on both sides" :
		 "; the kernels differ too (build, image or cmdline): not the method alone");
	p->isolates = p->isolates_buf;
}

void mhp_pairing_methods(struct mhp_pairing *p)
{
	size_t i;
	int s;

	p->methods = false;
	for (i = 0; i < p->nsec; i++) {
		struct mhp_section *sec = &p->sec[i];

		for (s = 0; s < 2; s++)
			sec->method[s] = p->side[s].rd ?
				mhp_run_method(p->side[s].rd, sec->arch) : NULL;
		p->methods = p->methods || methods_differ(sec);
	}
	if (p->methods && !p->isolates)
		methods_isolate(p);
}

const char *mhp_side_method(const struct mhp_pairing *p,
			    const struct mhp_section *sec, int side)
{
	const char *m;
	size_t i;

	if (!p->methods || !p->side[side].rd || (!sec && !p->nsec))
		return NULL;
	if (sec)
		return sec->method[side] ? sec->method[side] : MHP_METHOD_UNRECORDED;
	m = p->sec[0].method[side];
	for (i = 1; i < p->nsec; i++)
		if (!same_str(m, p->sec[i].method[side]))
			return NULL;
	return m ? m : MHP_METHOD_UNRECORDED;
}

const char *mhp_side_name(const struct mhp_pairing *p,
			  const struct mhp_section *sec, int side, char *buf,
			  size_t len)
{
	const char *m = mhp_side_method(p, sec, side);

	if (m)
		snprintf(buf, len, "%s (%s)", p->side[side].label, m);
	else
		snprintf(buf, len, "%s", p->side[side].label);
	return buf;
}

bool mhp_report_compares_methods(const struct mhp_report *r)
{
	size_t i;

	for (i = 0; i < r->npair; i++)
		if (r->pair[i].methods)
			return true;
	return false;
}

void mhp_report_run_methods(const struct mhp_report *r, int side, char *buf,
			    size_t len)
{
	const struct mhp_rundata *rd = r->run[side];
	const char *a[MAX_ARCHES], *m[MAX_ARCHES];
	size_t i, j, na = mhp_run_arches(rd, a, MAX_ARCHES), n = 0;

	buf[0] = '\0';
	for (i = 0; i < na; i++) {
		const char *x = mhp_run_method(rd, a[i]);

		x = x ? x : MHP_METHOD_UNRECORDED;
		for (j = 0; j < n && strcmp(m[j], x); j++)
			;
		if (j < n)
			continue;
		m[n++] = x;
		mhp_appendf(buf, len, "%s%s", n > 1 ? "/" : "", x);
	}
}

/* Per arch and variant the report uses: the samples of another method. */
static void other_method_samples(struct mhp_report *r, int side)
{
	const struct mhp_rundata *rd = r->run[side];
	const char *vs[MAX_VARIANTS];
	size_t nv = mhp_report_variants(r, side, vs, MAX_VARIANTS), v, i, j;

	for (v = 0; v < nv; v++)
		for (i = 0; i < rd->nsmp; i++) {
			const struct mhp_sample_rec *s = &rd->smp[i];
			int other = 0, all = 0;

			if (!s->other_method || strcmp(s->variant, vs[v]))
				continue;
			/* Once per arch: at its first sample of another method. */
			for (j = 0; j < i; j++)
				if (rd->smp[j].other_method && rd->smp[j].arch == s->arch &&
				    rd->smp[j].variant == s->variant)
					break;
			if (j < i)
				continue;
			for (j = 0; j < rd->nsmp; j++)
				if (rd->smp[j].arch == s->arch &&
				    rd->smp[j].variant == s->variant) {
					all++;
					other += rd->smp[j].other_method != NULL;
				}
			mhp_report_warn(r, "%s%s %s: %d of %d samples have %s's row %s, but meta.json records %s for %s: left out of every statistic",
					mhp_report_two_runs(r) ? (side ? "B: " : "A: ") : "",
					s->arch, s->variant, other, all, s->other_method,
					s->other_row, mhp_run_method(rd, s->arch), s->arch);
		}
}

/* A method one run records and the other not; its own keys that differ. */
static void methods_across_runs(struct mhp_report *r)
{
	const char *a[MAX_ARCHES];
	size_t i, na = mhp_run_arches(r->run[0], a, MAX_ARCHES);
	const char *const *k;

	for (i = 0; i < na; i++) {
		json_object *p[2] = { mhp_meta_profile(r->run[0]->meta, a[i]),
				      mhp_meta_profile(r->run[1]->meta, a[i]) };
		const char *m[2] = { mhp_run_method(r->run[0], a[i]),
				     mhp_run_method(r->run[1], a[i]) };
		const struct method_report *mr = method_of(m[0]);

		if (!p[0] || !p[1])
			continue;
		if (!m[0] != !m[1]) {
			mhp_report_warn(r, "%s hot-add method differs: %s vs %s", a[i],
					m[0] ? m[0] : "not recorded",
					m[1] ? m[1] : "not recorded");
			continue;
		}
		/* Different methods: the pairs say so, as what they compare. */
		if (!m[0] || strcmp(m[0], m[1]) || !mr)
			continue;
		for (k = mr->profile_keys; k && *k; k++) {
			const char *x = mhp_meta_get(p[0], *k), *y = mhp_meta_get(p[1], *k);

			if (strcmp(x, y))
				mhp_report_warn(r, "%s %s %s differs: %s vs %s", a[i],
						m[0], *k, *x ? x : "(none)",
						*y ? y : "(none)");
		}
	}
}

void mhp_methods_check(struct mhp_report *r)
{
	other_method_samples(r, MHP_BASE);
	if (!mhp_report_two_runs(r))
		return;
	other_method_samples(r, MHP_NEW);
	methods_across_runs(r);
}

bool mhp_method_profile_key(const char *key)
{
	size_t i;

	if (!strcmp(key, "hotplug"))
		return true;
	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (mhp_strv_has(methods[i].profile_keys, key) ||
		    mhp_strv_has(methods[i].derived_keys, key))
			return true;
	return false;
}

bool mhp_method_changed_key(const char *key)
{
	size_t i;

	if (mhp_method_profile_key(key))
		return true;
	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (mhp_strv_has(methods[i].changes_keys, key))
			return true;
	return false;
}

bool mhp_methods_differ(const struct mhp_rundata *a,
			const struct mhp_rundata *b, const char *arch)
{
	const char *x = mhp_run_method(a, arch), *y = mhp_run_method(b, arch);

	return x && y && strcmp(x, y);
}
