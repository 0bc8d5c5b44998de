// SPDX-License-Identifier: GPL-2.0
/*
 * Options of `mhpbench run`: a bench config (a file in configs/bench/) gives
 * the defaults and the command line overrides them. Every value is
 * checked here, before anything starts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "compiler.h"
#include "arch.h"
#include "comparison.h"
#include "conf.h"
#include "opts.h"
#include "prebuilt.h"
#include "size.h"
#include "variant.h"

static const char *const bench_keys[] = {
	"arch", "variants", "scenario", "sizes", "samples", "online",
	"boot_timeout", "accel", "append", "boot_mem", "hog", "online_delay",
	"policy", "trace", "work_size", "work_seconds", "bigblock", "alpha",
	"min_change", "pair", "compact", "hotplug", "virtio_mem_block",
	"virtio_mem_poll", "order", "seed", NULL
};

/* Bench config keys that may be given more than once. */
static const char *const repeat_keys[] = { "pair", NULL };

static const char *const online_modes[] = {
	"online", "online_movable", "online_kernel", NULL
};

static int set_str(char *dst, size_t len, const char *what, const char *v,
		   char *err, size_t errlen)
{
	if (!*v || strlen(v) >= len) {
		snprintf(err, errlen, "bad %s '%s'", what, v);
		return -1;
	}
	strcpy(dst, v);
	return 0;
}

static int set_variants(struct mhp_opts *o, const char *list, char *err,
			size_t errlen)
{
	char buf[256], *tok, *save;

	if (set_str(buf, sizeof(buf), "variant list", list, err, errlen))
		return -1;
	o->nvariants = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nvariants == MHP_MAX_VARIANTS) {
			snprintf(err, errlen, "too many variants (at most %d)",
				 MHP_MAX_VARIANTS);
			return -1;
		}
		if (mhp_variant_check(o->top, tok, err, errlen))
			return -1;
		strcpy(o->variants[o->nvariants++], tok);
	}
	if (!o->nvariants) {
		snprintf(err, errlen, "no variant given");
		return -1;
	}
	return 0;
}

static int set_sizes(struct mhp_opts *o, const char *list, char *err,
		     size_t errlen)
{
	char buf[256], *tok, *save;

	if (set_str(buf, sizeof(buf), "size list", list, err, errlen))
		return -1;
	o->nsizes = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nsizes == MHP_MAX_SIZES) {
			snprintf(err, errlen, "too many sizes (at most %d)",
				 MHP_MAX_SIZES);
			return -1;
		}
		if (mhp_size_parse(tok, &o->sizes[o->nsizes])) {
			snprintf(err, errlen, "bad size '%s' (want e.g. 128M, 1G)", tok);
			return -1;
		}
		o->nsizes++;
	}
	if (!o->nsizes) {
		snprintf(err, errlen, "no size given");
		return -1;
	}
	return 0;
}

static int set_int(int *dst, const char *what, const char *v, int max,
		   char *err, size_t errlen)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < 1 || n > max) {
		snprintf(err, errlen, "bad %s '%s' (want 1 to %d)", what, v, max);
		return -1;
	}
	*dst = n;
	return 0;
}

static int set_online(struct mhp_opts *o, const char *v, char *err, size_t errlen)
{
	int i;

	for (i = 0; online_modes[i]; i++)
		if (!strcmp(online_modes[i], v))
			return set_str(o->online, sizeof(o->online), "online mode",
				       v, err, errlen);
	snprintf(err, errlen, "bad online mode '%s' (online, online_movable or online_kernel)", v);
	return -1;
}

static int set_accel(struct mhp_opts *o, const char *v, char *err, size_t errlen)
{
	if (strcmp(v, "auto") && strcmp(v, "kvm") && strcmp(v, "tcg")) {
		snprintf(err, errlen, "bad accelerator '%s' (auto, kvm or tcg)", v);
		return -1;
	}
	strcpy(o->accel, v);
	return 0;
}

/*
 * --alpha and --min-change: the reports' own parser of "0.05" or "5%"
 * (mhp_parse_fraction), with the run's messages.
 */
int mhp_alpha_parse(const char *v, double *alpha, char *err, size_t errlen)
{
	double a = mhp_parse_fraction(v);

	if (a <= 0 || a >= 1) {
		snprintf(err, errlen, "bad alpha '%s' (want a probability between 0 and 1, e.g. 0.01 or 1%%)",
			 v);
		return -1;
	}
	*alpha = a;
	return 0;
}

int mhp_min_change_parse(const char *v, double *frac, char *err,
			 size_t errlen)
{
	double x = mhp_parse_fraction(v);

	if (x < 0) {
		snprintf(err, errlen, "bad minimum change '%s' (want a fraction or a percentage from 0 to 100%%, e.g. 0.05 or 5%%)",
			 v);
		return -1;
	}
	*frac = x;
	return 0;
}

/* A value that is one of two words: 0 for a, 1 for b, else -1 and
 * "bad WHAT 'V' (a or b)".
 */
static int either(const char *what, const char *v, const char *a,
		  const char *b, char *err, size_t errlen)
{
	if (!strcmp(v, a))
		return 0;
	if (!strcmp(v, b))
		return 1;
	snprintf(err, errlen, "bad %s '%s' (%s or %s)", what, v, a, b);
	return -1;
}

/* Scenario knobs: the oom and numa scenarios, the latency decomposition. */
static int set_scenario_opt(struct mhp_opts *o, const char *key, const char *v,
			    char *err, size_t errlen)
{
	char *end;
	double d;
	long n;
	int b;

	if (!strcmp(key, "boot_mem")) {
		if (mhp_size_parse(v, &o->boot_mem) || o->boot_mem < (64 << 20) ||
		    o->boot_mem % (1 << 20)) {
			snprintf(err, errlen, "bad boot RAM '%s' (want whole MiB, at least 64M)", v);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "hog")) {
		n = strtol(v, &end, 10);
		if (!*v || (*end && strcmp(end, "%")) || n < 0 || n > 99) {
			snprintf(err, errlen, "bad hog share '%s' (want 0 to 99 %% of MemAvailable)", v);
			return -1;
		}
		o->hog_pct = n;
		return 0;
	}
	if (!strcmp(key, "online_delay")) {
		d = strtod(v, &end);
		if (!*v || (*end && strcmp(end, "s")) || !(d >= 0 && d <= 3600)) {
			snprintf(err, errlen, "bad online delay '%s' (want 0 to 3600 seconds)", v);
			return -1;
		}
		o->online_delay_ms = d * 1000;
		return 0;
	}
	if (!strcmp(key, "policy")) {
		if (either("online policy", v, "delayed", "at-once", err, errlen) < 0)
			return -1;
		strcpy(o->policy, v);
		return 0;
	}
	if (!strcmp(key, "trace")) {
		b = either("trace", v, "yes", "no", err, errlen);
		o->trace = b == 0;
		return b < 0 ? -1 : 0;
	}
	if (!strcmp(key, "order")) {
		b = either("order", v, "random", "fixed", err, errlen);
		o->order_fixed = b == 1;
		return b < 0 ? -1 : 0;
	}
	if (!strcmp(key, "seed")) {
		errno = 0;
		o->seed = strtoull(v, &end, 0);
		if (!*v || *end || *v == '-' || errno) {
			snprintf(err, errlen, "bad seed '%s' (want a number from 0 to 2^64 - 1)", v);
			return -1;
		}
		o->seed_given = true;
		return 0;
	}
	if (!strcmp(key, "compact")) {
		b = either("compact", v, "yes", "no", err, errlen);
		o->no_compact = b == 1;
		return b < 0 ? -1 : 0;
	}
	if (!strcmp(key, "bigblock")) {
		b = either("bigblock", v, "yes", "no", err, errlen);
		o->bigblock = b == 0;
		return b < 0 ? -1 : 0;
	}
	if (!strcmp(key, "work_size")) {
		if (mhp_size_parse(v, &o->work_size) || o->work_size < (1 << 20) ||
		    o->work_size > (1ULL << 32) || o->work_size % (1 << 20)) {
			snprintf(err, errlen, "bad work size '%s' (want whole MiB, 1M to 4G)", v);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "work_seconds"))
		return set_int(&o->work_s, "work seconds", v, 600, err, errlen);
	if (!strcmp(key, "alpha"))
		return mhp_alpha_parse(v, &o->alpha, err, errlen);
	if (!strcmp(key, "min_change"))
		return mhp_min_change_parse(v, &o->min_change, err, errlen);
	snprintf(err, errlen, "unknown option '%s'", key);
	return -1;
}

/* The next word of *v into w (at most len - 1 characters); false if none. */
static bool word(const char **v, char *w, size_t len)
{
	size_t n;

	*v += strspn(*v, " \t");
	n = strcspn(*v, " \t");
	if (!n || n >= len)
		return false;
	memcpy(w, *v, n);
	w[n] = '\0';
	*v += n;
	*v += strspn(*v, " \t");
	return true;
}

/* "pair = BASE NEW what the pair isolates" (bench config). */
static int add_pair(struct mhp_opts *o, const char *v, char *err,
		    size_t errlen)
{
	struct mhp_pair *p = &o->pairs[o->npairs];
	const char *rest = v;
	int i;

	if (o->npairs == MHP_MAX_PAIRS) {
		snprintf(err, errlen, "too many pairs (at most %d)", MHP_MAX_PAIRS);
		return -1;
	}
	memset(p, 0, sizeof(*p));
	if (!word(&rest, p->base, sizeof(p->base)) ||
	    !word(&rest, p->new, sizeof(p->new)) || !*rest ||
	    strlen(rest) >= sizeof(p->isolates)) {
		snprintf(err, errlen, "bad pair '%s' (want: pair = BASE NEW what the pair isolates)",
			 v);
		return -1;
	}
	strcpy(p->isolates, rest);
	if (!strcmp(p->base, p->new)) {
		snprintf(err, errlen, "pair '%s': a variant against itself", v);
		return -1;
	}
	if (mhp_variant_check(o->top, p->base, err, errlen) ||
	    mhp_variant_check(o->top, p->new, err, errlen))
		return -1;
	for (i = 0; i < o->npairs; i++)
		if (!strcmp(o->pairs[i].base, p->base) &&
		    !strcmp(o->pairs[i].new, p->new)) {
			snprintf(err, errlen, "pair %s %s given twice", p->base,
				 p->new);
			return -1;
		}
	o->npairs++;
	return 0;
}

static bool in_run(const struct mhp_opts *o, const char *variant)
{
	int i;

	for (i = 0; i < o->nvariants; i++)
		if (!strcmp(o->variants[i], variant))
			return true;
	return false;
}

/*
 * The config's pairs must name variants the config runs. When the
 * command line picks the variants, the pairs it left whole stay.
 */
static int check_pairs(struct mhp_opts *o, bool variants_cli, char *err,
		       size_t errlen)
{
	int i, n = 0;

	for (i = 0; i < o->npairs; i++) {
		const struct mhp_pair *p = &o->pairs[i];
		const char *miss = !in_run(o, p->base) ? p->base :
				   !in_run(o, p->new) ? p->new : NULL;

		if (miss && !variants_cli) {
			snprintf(err, errlen, "%s: pair %s %s: variant '%s' is not one the run has",
				 o->config, p->base, p->new, miss);
			return -1;
		}
		if (!miss)
			o->pairs[n++] = *p;
	}
	o->npairs = n;
	return 0;
}

/* "x86_64,arm64": every arch must have a profile, none twice. */
static int set_arches(struct mhp_opts *o, const char *list, char *err,
		      size_t errlen)
{
	char buf[256], *tok, *save;
	struct mhp_arch a;
	int i;

	if (set_str(buf, sizeof(buf), "arch list", list, err, errlen))
		return -1;
	strcpy(o->arch, buf);
	o->narches = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->narches == MHP_MAX_ARCHES) {
			snprintf(err, errlen, "too many arches (at most %d)",
				 MHP_MAX_ARCHES);
			return -1;
		}
		if (mhp_arch_load(o->top, tok, &a, err, errlen))
			return -1;
		for (i = 0; i < o->narches; i++)
			if (!strcmp(o->arches[i], tok)) {
				snprintf(err, errlen, "arch '%s' given twice", tok);
				return -1;
			}
		strcpy(o->arches[o->narches++], tok);
	}
	if (!o->narches) {
		snprintf(err, errlen, "no arch given");
		return -1;
	}
	return 0;
}

/* --kernel NAME=PATH,...: checked now, loaded per arch by the run. */
static int add_kernel(struct mhp_opts *o, const char *spec, char *err,
		      size_t errlen)
{
	struct mhp_prebuilt_src src, other;
	int i;

	if (mhp_prebuilt_parse(spec, &src, err, errlen))
		return -1;
	for (i = 0; i < o->nkernel_specs; i++) {
		if (mhp_prebuilt_parse(o->kernel_specs[i], &other, err, errlen))
			return -1;
		if (!strcmp(other.name, src.name)) {
			snprintf(err, errlen, "--kernel %s: name given twice", src.name);
			return -1;
		}
	}
	if (o->nkernel_specs == MHP_MAX_VARIANTS) {
		snprintf(err, errlen, "too many --kernel (at most %d)", MHP_MAX_VARIANTS);
		return -1;
	}
	snprintf(o->kernel_specs[o->nkernel_specs++], sizeof(o->kernel_specs[0]),
		 "%s", spec);
	return 0;
}

/* The --kernel names join the variants, after the built ones. */
static int join_kernels(struct mhp_opts *o, char *err, size_t errlen)
{
	struct mhp_prebuilt_src src;
	int i, j;

	for (i = 0; i < o->nkernel_specs; i++) {
		if (mhp_prebuilt_parse(o->kernel_specs[i], &src, err, errlen))
			return -1;
		for (j = 0; j < o->nvariants; j++)
			if (!strcmp(o->variants[j], src.name)) {
				snprintf(err, errlen, "--kernel %s: a variant of that name is in the run",
					 src.name);
				return -1;
			}
		if (o->nvariants == MHP_MAX_VARIANTS) {
			snprintf(err, errlen, "too many variants (at most %d)",
				 MHP_MAX_VARIANTS);
			return -1;
		}
		strcpy(o->variants[o->nvariants++], src.name);
	}
	return 0;
}

/* One option, from the config file or the command line. */
static int set_opt(struct mhp_opts *o, const char *key, const char *v,
		   char *err, size_t errlen)
{
	if (!strcmp(key, "arch"))
		return set_arches(o, v, err, errlen);
	if (!strcmp(key, "variants"))
		return set_variants(o, v, err, errlen);
	if (!strcmp(key, "kernel"))
		return add_kernel(o, v, err, errlen);
	if (!strcmp(key, "scenario")) {
		if (!mhp_scenario_find(v)) {
			snprintf(err, errlen, "unknown scenario '%s'", v);
			return -1;
		}
		return set_str(o->scenario, sizeof(o->scenario), "scenario", v,
			       err, errlen);
	}
	if (!strcmp(key, "sizes"))
		return set_sizes(o, v, err, errlen);
	if (!strcmp(key, "hotplug")) {
		char names[128];

		if (!mhp_hotplug_find(v)) {
			mhp_hotplug_names(names, sizeof(names));
			snprintf(err, errlen, "unknown hot-add method '%s' (%s)",
				 v, names);
			return -1;
		}
		return set_str(o->hotplug, sizeof(o->hotplug), "hot-add method",
			       v, err, errlen);
	}
	if (!strcmp(key, "virtio_mem_block")) {
		/* QEMU wants a power of two, at least 1 MiB. */
		if (mhp_size_parse(v, &o->vmem_block) || o->vmem_block < (1 << 20) ||
		    (o->vmem_block & (o->vmem_block - 1))) {
			snprintf(err, errlen, "bad virtio-mem block size '%s' (want a power of two, 1M or more)",
				 v);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "virtio_mem_poll"))
		return set_int(&o->vmem_poll_us, "virtio-mem poll interval (us)",
			       v, 1000000, err, errlen);
	if (!strcmp(key, "samples"))
		return set_int(&o->samples, "sample count", v, 10000, err, errlen);
	if (!strcmp(key, "boot_timeout"))
		return set_int(&o->boot_timeout_s, "boot timeout", v, 3600, err, errlen);
	if (!strcmp(key, "online"))
		return set_online(o, v, err, errlen);
	if (!strcmp(key, "accel"))
		return set_accel(o, v, err, errlen);
	if (!strcmp(key, "append")) {
		if (strlen(v) >= sizeof(o->append)) {
			snprintf(err, errlen, "kernel command line addition too long");
			return -1;
		}
		strcpy(o->append, v);
		return 0;
	}
	if (!strcmp(key, "out"))
		return set_str(o->out, sizeof(o->out), "output directory", v, err, errlen);
	if (!strcmp(key, "kernels"))
		return set_str(o->kernels, sizeof(o->kernels), "kernels directory", v, err, errlen);
	if (!strcmp(key, "image"))
		return set_str(o->image, sizeof(o->image), "guest image", v, err, errlen);
	return set_scenario_opt(o, key, v, err, errlen);
}

static int load_config(struct mhp_opts *o, char *err, size_t errlen)
{
	static struct mhp_conf c;
	int i;

	if (access(o->config, R_OK)) {
		snprintf(err, errlen, "%s: cannot read the config", o->config);
		return -1;
	}
	if (mhp_conf_load_multi(o->config, repeat_keys, &c, err, errlen) ||
	    mhp_conf_check(&c, bench_keys, NULL, err, errlen))
		return -1;
	for (i = 0; i < c.n; i++) {
		char e[256];

		if (!strcmp(c.kv[i].key, "sizes"))
			o->sizes_from = MHP_FROM_CONFIG;
		if (!strcmp(c.kv[i].key, "hotplug"))
			o->hotplug_from = MHP_FROM_CONFIG;

		if (!strcmp(c.kv[i].key, "pair") ?
		    add_pair(o, c.kv[i].value, e, sizeof(e)) :
		    set_opt(o, c.kv[i].key, c.kv[i].value, e, sizeof(e))) {
			snprintf(err, errlen, "%s: %s", o->config, e);
			return -1;
		}
	}
	return 0;
}

static const struct option long_opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "arch", required_argument, NULL, 'a' },
	{ "variants", required_argument, NULL, 'v' },
	{ "scenario", required_argument, NULL, 's' },
	{ "sizes", required_argument, NULL, 'z' },
	{ "samples", required_argument, NULL, 'n' },
	{ "online", required_argument, NULL, 'o' },
	{ "boot-timeout", required_argument, NULL, 't' },
	{ "accel", required_argument, NULL, 'A' },
	{ "out", required_argument, NULL, 'O' },
	{ "kernels", required_argument, NULL, 'k' },
	{ "image", required_argument, NULL, 'i' },
	{ "append", required_argument, NULL, 'x' },
	{ "boot-mem", required_argument, NULL, 'B' },
	{ "hog", required_argument, NULL, 'H' },
	{ "online-delay", required_argument, NULL, 'D' },
	{ "policy", required_argument, NULL, 'P' },
	{ "trace", required_argument, NULL, 'T' },
	{ "work-size", required_argument, NULL, 'W' },
	{ "work-seconds", required_argument, NULL, 'S' },
	{ "bigblock", required_argument, NULL, 'G' },
	{ "alpha", required_argument, NULL, 'L' },
	{ "min-change", required_argument, NULL, 'M' },
	{ "kernel", required_argument, NULL, 'K' },
	{ "compact", required_argument, NULL, 'C' },
	{ "hotplug", required_argument, NULL, 'Y' },
	{ "virtio-mem-block", required_argument, NULL, 'V' },
	{ "virtio-mem-poll", required_argument, NULL, 'Q' },
	{ "order", required_argument, NULL, 'R' },
	{ "seed", required_argument, NULL, 'E' },
	{ NULL, 0, NULL, 0 }
};

/* Command-line keys, indexed by their getopt value. */
static const char *opt_key(int c)
{
	const struct { int c; const char *key; } map[] = {
		{ 'a', "arch" }, { 'v', "variants" }, { 's', "scenario" },
		{ 'z', "sizes" }, { 'n', "samples" }, { 'o', "online" },
		{ 't', "boot_timeout" }, { 'A', "accel" }, { 'O', "out" },
		{ 'k', "kernels" }, { 'i', "image" }, { 'x', "append" },
		{ 'B', "boot_mem" }, { 'H', "hog" }, { 'D', "online_delay" },
		{ 'P', "policy" }, { 'T', "trace" }, { 'W', "work_size" },
		{ 'S', "work_seconds" }, { 'G', "bigblock" }, { 'L', "alpha" },
		{ 'M', "min_change" }, { 'K', "kernel" }, { 'C', "compact" },
		{ 'Y', "hotplug" }, { 'V', "virtio_mem_block" },
		{ 'Q', "virtio_mem_poll" }, { 'R', "order" }, { 'E', "seed" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].c == c)
			return map[i].key;
	return NULL;
}

static void defaults(struct mhp_opts *o, const char *top)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->top, sizeof(o->top), "%s", top);
	snprintf(o->config, sizeof(o->config), "%s/configs/bench/default.conf", top);
	strcpy(o->scenario, "hotadd");
	strcpy(o->online, "online_movable");
	strcpy(o->accel, "auto");
	strcpy(o->policy, "delayed");
	o->hog_pct = 80;
	o->online_delay_ms = 2000;
	o->trace = false;
	o->alpha = MHP_ALPHA_DEFAULT;
	o->min_change = MHP_MIN_CHANGE_DEFAULT;
	o->work_size = 32 << 20;
	o->work_s = 2;
	o->samples = 3;
	o->boot_timeout_s = 120;
	o->vmem_poll_us = 1000;
}

bool mhp_size_fits(const struct mhp_arch *a, uint64_t size)
{
	return size && !(size % a->block_size) && size <= a->maxmem - a->boot_mem;
}

/*
 * Every size must be a whole number of memory blocks and fit under
 * maxmem. With several arches, a size only needs to suit one of them:
 * the others skip it (a 128M DIMM on powerpc's 256 MiB LMBs).
 */
static int check_sizes(const struct mhp_opts *o, char *err, size_t errlen)
{
	struct mhp_arch a;
	char bs[32], s[32];
	int i, j, fits;

	for (j = 0; j < o->narches; j++) {
		if (mhp_arch_load(o->top, o->arches[j], &a, err, errlen) ||
		    mhp_arch_machine(o, &a, err, errlen))
			return -1;
		if (a.boot_mem >= a.maxmem) {
			mhp_size_format(a.boot_mem, s, sizeof(s));
			snprintf(err, errlen, "boot RAM %s does not fit under maxmem of %s",
				 s, a.name);
			return -1;
		}
	}
	for (i = 0; i < o->nsizes; i++) {
		mhp_size_format(o->sizes[i], s, sizeof(s));
		for (j = fits = 0; j < o->narches; j++) {
			if (mhp_arch_load(o->top, o->arches[j], &a, err, errlen) ||
			    mhp_arch_machine(o, &a, err, errlen))
				return -1;
			fits += mhp_size_fits(&a, o->sizes[i]);
		}
		if (fits)
			continue;
		if (o->narches > 1) {
			snprintf(err, errlen, "size %s suits no arch of the run (a whole number of memory blocks, under maxmem)",
				 s);
			return -1;
		}
		mhp_size_format(a.block_size, bs, sizeof(bs));
		if (o->sizes[i] % a.block_size)
			snprintf(err, errlen, "size %s is not a multiple of the %s memory block of %s",
				 s, bs, a.name);
		else
			snprintf(err, errlen, "size %s does not fit under maxmem of %s",
				 s, a.name);
		return -1;
	}
	return 0;
}

/*
 * A method with sizes of its own (virtio-mem: 1G to 64G) takes them when
 * no sizes were given for it: none at all, or only the config's while
 * the method came from the command line.
 */
static int method_sizes(struct mhp_opts *o, char *err, size_t errlen)
{
	const struct mhp_hotplug *hp = o->hotplug[0] ?
				       mhp_hotplug_find(o->hotplug) : NULL;

	if (!hp || !hp->default_sizes || o->sizes_from == MHP_FROM_CLI ||
	    (o->sizes_from == MHP_FROM_CONFIG &&
	     o->hotplug_from != MHP_FROM_CLI))
		return 0;
	return set_sizes(o, hp->default_sizes, err, errlen);
}

int mhp_opts_parse(int argc, char **argv, const char *top, struct mhp_opts *o,
		   char *err, size_t errlen)
{
	int c, i;
	char (*cli)[2][PATH_MAX] = calloc(argc + 1, sizeof(*cli));
	int ncli = 0, ret = -1;
	bool variants_cli = false;

	if (!cli) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	defaults(o, top);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", long_opts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			snprintf(err, errlen, "%s '%s' (see mhpbench --help)",
				 c == '?' ? "unknown option" : "missing value for",
				 argv[optind - 1]);
			goto out;
		}
		if (c == 'c') {
			if (set_str(o->config, sizeof(o->config), "config", optarg,
				    err, errlen))
				goto out;
			continue;
		}
		variants_cli |= c == 'v';
		snprintf(cli[ncli][0], PATH_MAX, "%s", opt_key(c));
		snprintf(cli[ncli][1], PATH_MAX, "%s", optarg);
		ncli++;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (load_config(o, err, errlen))
		goto out;
	for (i = 0; i < ncli; i++) {
		if (set_opt(o, cli[i][0], cli[i][1], err, errlen))
			goto out;
		if (!strcmp(cli[i][0], "sizes"))
			o->sizes_from = MHP_FROM_CLI;
		if (!strcmp(cli[i][0], "hotplug"))
			o->hotplug_from = MHP_FROM_CLI;
	}
	if (!o->narches && set_arches(o, "x86_64", err, errlen))
		goto out;
	if (!o->nvariants && set_variants(o, "baseline,altmap", err, errlen))
		goto out;
	if (join_kernels(o, err, errlen))
		goto out;
	if (check_pairs(o, variants_cli, err, errlen))
		goto out;
	if (o->trace && !mhp_scenario_find(o->scenario)->traces) {
		snprintf(err, errlen, "--trace yes: scenario %s has no traced form",
			 o->scenario);
		goto out;
	}
	if (o->hotplug[0] && mhp_hotplug_find(o->hotplug)->eager_online &&
	    !mhp_scenario_find(o->scenario)->eager_ok) {
		snprintf(err, errlen, "scenario %s does not run with --hotplug %s (hotadd and oom do)",
			 o->scenario, o->hotplug);
		goto out;
	}
	if (method_sizes(o, err, errlen) ||
	    (!o->nsizes && set_sizes(o, "128M", err, errlen)))
		goto out;
	if (check_sizes(o, err, errlen))
		goto out;
	/* The order's seed, when none was given: drawn, then recorded. */
	if (!o->seed_given &&
	    getrandom(&o->seed, sizeof(o->seed), 0) != sizeof(o->seed))
		o->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (!o->kernels[0])
		snprintf(o->kernels, sizeof(o->kernels), "%s/build/kernels", top);
	if (o->image[0] && o->narches > 1) {
		snprintf(err, errlen, "--image names one guest image: give one arch");
		goto out;
	}
	if (!o->image[0] && o->narches == 1)
		snprintf(o->image, sizeof(o->image),
			 "%s/build/guest/%s/initramfs.cpio.gz", top, o->arch);
	ret = 0;
out:
	free(cli);
	return ret;
}
