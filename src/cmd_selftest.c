// SPDX-License-Identifier: GPL-2.0
/*
 * `mhpbench selftest`: the kernel's own memory hotplug selftest as a
 * gate. For each arch and variant: boot the kernel with the selftest image
 * (the guest image plus bash and tools/testing/selftests/memory-hotplug/
 * mem-on-off-test.sh), hot-add a DIMM to node 1 and online it, run the
 * script in the guest, and report pass or fail. Exit 0 when every kernel
 * passes, 1 when one does not, 2 on bad input.
 */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accel.h"
#include "arch.h"
#include "guest.h"
#include "opts.h"
#include "selftest_out.h"
#include "size.h"
#include "timeutil.h"
#include "variant.h"

#define TARGET_NODE 1

void mhp_selftest_usage(FILE *f)
{
	fprintf(f,
		"usage: mhpbench selftest [--arch A,...] [--variants V,...] [--size 1G]\n"
		"                         [--boot-timeout SECONDS] [--accel auto|kvm|tcg]\n"
		"                         [--kernels DIR] [--image SELFTEST_IMAGE] [--out DIR]\n"
		"\n"
		"Boots each variant's kernel, hot-adds a DIMM of --size on node 1, runs\n"
		"the kernel's mem-on-off-test.sh in the guest (which onlines the new\n"
		"blocks, offlines and onlines blocks again, and injects errors when the\n"
		"kernel has the memory notifier error injector) and says pass or fail\n"
		"per kernel. Defaults: x86_64, baseline,altmap, 1G.\n");
}

/* Split a comma list into at most max names of len bytes; count or -1. */
static int split(const char *list, char (*names)[32], int max)
{
	char buf[256], *tok, *save;
	int n = 0;

	if (!*list || strlen(list) >= sizeof(buf))
		return -1;
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == max || strlen(tok) >= 32)
			return -1;
		strcpy(names[n++], tok);
	}
	return n ? n : -1;
}

static int parse(int argc, char **argv, const char *top, struct mhp_opts *o,
		 char *err, size_t errlen)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "variants", required_argument, NULL, 'v' },
		{ "size", required_argument, NULL, 's' },
		{ "boot-timeout", required_argument, NULL, 't' },
		{ "accel", required_argument, NULL, 'c' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "image", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *arch = "x86_64", *variants = "baseline,altmap";
	char *end;
	long t;
	int c, i;

	memset(o, 0, sizeof(*o));
	snprintf(o->top, sizeof(o->top), "%s", top);
	snprintf(o->kernels, sizeof(o->kernels), "%s/build/kernels", top);
	snprintf(o->accel, sizeof(o->accel), "auto");
	snprintf(o->scenario, sizeof(o->scenario), "selftest");
	o->sizes[0] = 1ULL << 30;
	o->nsizes = 1;
	o->samples = 1;
	o->boot_timeout_s = 300;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			arch = optarg;
			break;
		case 'v':
			variants = optarg;
			break;
		case 's':
			if (mhp_size_parse(optarg, &o->sizes[0]) || !o->sizes[0]) {
				snprintf(err, errlen, "bad size '%s' (want e.g. 1G)",
					 optarg);
				return -1;
			}
			break;
		case 't':
			errno = 0;
			t = strtol(optarg, &end, 10);
			if (errno || *end || t <= 0 || t > 86400) {
				snprintf(err, errlen, "bad boot timeout '%s'", optarg);
				return -1;
			}
			o->boot_timeout_s = t;
			break;
		case 'c':
			if (strcmp(optarg, "auto") && strcmp(optarg, "kvm") &&
			    strcmp(optarg, "tcg")) {
				snprintf(err, errlen, "bad accelerator '%s' (auto, kvm or tcg)",
					 optarg);
				return -1;
			}
			snprintf(o->accel, sizeof(o->accel), "%s", optarg);
			break;
		case 'k':
		case 'i':
		case 'o':
			if (!*optarg || strlen(optarg) >= PATH_MAX) {
				snprintf(err, errlen, "bad path '%s'", optarg);
				return -1;
			}
			strcpy(c == 'k' ? o->kernels : c == 'i' ? o->image : o->out,
			       optarg);
			break;
		case 'h':
			mhp_selftest_usage(stdout);
			exit(0);
		default:
			snprintf(err, errlen, "selftest: bad option '%s' (see mhpbench selftest --help)",
				 argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "selftest: unexpected argument '%s'",
			 argv[optind]);
		return -1;
	}
	snprintf(o->arch, sizeof(o->arch), "%s", arch);
	o->narches = split(arch, o->arches, MHP_MAX_ARCHES);
	if (o->narches < 0) {
		snprintf(err, errlen, "bad arch list '%s'", arch);
		return -1;
	}
	o->nvariants = split(variants, o->variants, MHP_MAX_VARIANTS);
	if (o->nvariants < 0) {
		snprintf(err, errlen, "bad variant list '%s'", variants);
		return -1;
	}
	for (i = 0; i < o->nvariants; i++)
		if (mhp_variant_check(top, o->variants[i], err, errlen))
			return -1;
	if (o->image[0] && o->narches > 1) {
		snprintf(err, errlen, "--image is for one arch, not %d", o->narches);
		return -1;
	}
	return 0;
}

/* Next message that is not a leftover HELLO; 0, or -1 with a reason. */
static int next(struct mhp_guest *g, struct mhp_msg *m, int timeout_ms,
		char *why, size_t len)
{
	int ret;

	do
		ret = mhp_guest_recv(g, m, timeout_ms);
	while (ret == 0 && !strcmp(m->verb, "HELLO"));
	if (ret)
		mhp_guest_diagnose(g, why, len);
	return ret ? -1 : 0;
}

/*
 * What the guest reported: the hot-added blocks (first to last, from the
 * hot-add's per-block rows), the selftest's exit status and duration.
 */
struct selftest_result {
	long long first, last;
	long long exit_status;
	long long us;
};

/* Wait for DONE, noting in st what the messages on the way say. */
static int until_done(struct mhp_guest *g, int timeout_ms,
		      struct selftest_result *st, char *why, size_t len)
{
	struct mhp_msg m;

	for (;;) {
		const char *metric;
		long long b;

		if (next(g, &m, timeout_ms, why, len))
			return -1;
		metric = !strcmp(m.verb, "M") ? mhp_msg_get(&m, "metric") : NULL;
		if (metric && !strcmp(metric, "selftest_exit"))
			mhp_msg_get_ll(&m, "value", &st->exit_status);
		if (metric && !strcmp(metric, "selftest_us"))
			mhp_msg_get_ll(&m, "value", &st->us);
		if (metric && !mhp_msg_get_ll(&m, "block", &b) && b >= 0) {
			if (st->first < 0 || b < st->first)
				st->first = b;
			if (b > st->last)
				st->last = b;
		}
		if (strcmp(m.verb, "DONE"))
			continue;
		if (!strcmp(mhp_msg_get(&m, "status") ?: "", "ok"))
			return 0;
		snprintf(why, len, "guest: %s", mhp_msg_get(&m, "reason") ?: "error");
		return -1;
	}
}

/*
 * Hot-add a DIMM to node 1 and leave its blocks offline: the script's
 * first step onlines every offline block, the hot-added ones with their
 * memmap_on_memory included. On pseries the kernel onlines them itself.
 * The DIMM stays for the selftest.
 */
static int hot_add(const struct mhp_ctx *ctx, struct mhp_guest *g,
		   uint64_t size, struct selftest_result *st, char *why,
		   size_t len)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	int timeout_ms = ctx->opts->boot_timeout_s * 1000;
	struct mhp_msg m;
	uint64_t qmp_us;

	mhp_guest_send(g, "HOTADD size=%llu node=%d online=%s timeout_ms=%d remove=0",
		       (unsigned long long)size, TARGET_NODE,
		       hp->kernel_onlines ? "kernel" : "offline",
		       timeout_ms);
	if (next(g, &m, timeout_ms, why, len))
		return -1;
	if (strcmp(m.verb, "ARMED")) {
		snprintf(why, len, "guest said %s, expected ARMED", m.verb);
		return -1;
	}
	mhp_guest_send(g, "GO");
	if (hp->add(g, size, TARGET_NODE, &qmp_us, why, len) ||
	    until_done(g, timeout_ms, st, why, len))
		return -1;
	if (st->first < 0 || (uint64_t)(st->last - st->first + 1) !=
	    size / ctx->arch->block_size) {
		snprintf(why, len, "the guest saw blocks %lld to %lld of a %llu-block DIMM",
			 st->first, st->last,
			 (unsigned long long)(size / ctx->arch->block_size));
		return -1;
	}
	return 0;
}

/* A log file (NUL-terminated), or NULL. */
static char *read_log(const char *logdir, const char *name)
{
	char path[PATH_MAX + 32], *buf = NULL;
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", logdir, name);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	for (;;) {
		char chunk[4096];
		size_t got = fread(chunk, 1, sizeof(chunk), f);
		char *nb;

		if (!got)
			break;
		nb = realloc(buf, n + got + 1);
		if (!nb)
			break;
		buf = nb;
		memcpy(buf + n, chunk, got);
		n += got;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/*
 * The script's own last lines (not bash -x's trace), indented, to stderr;
 * the whole output is in the log dir.
 */
static void tail_output(const char *out, long lines)
{
	long total = 0, i = 0;
	const char *p;

	for (p = out; *p; p += !!*p) {
		total += *p != '+';
		p += strcspn(p, "\n");
	}
	for (p = out; *p; ) {
		size_t n = strcspn(p, "\n");

		if (*p != '+' && i++ >= total - lines)
			fprintf(stderr, "    %.*s\n", (int)n, p);
		p += n + !!p[n];
	}
}

/*
 * Whether the script's output shows it did its work on the hot-added
 * blocks: 0, or -1 with the reason in why.
 */
static int gate(const char *out, const char *console, long blocks,
		char *why, size_t len)
{
	struct mhp_selftest_out o;

	if (!out || !console) {
		snprintf(why, len, "no %s", out ? "console log" :
			 "output from mem-on-off-test.sh");
		return -1;
	}
	mhp_selftest_parse(out, &o);
	mhp_selftest_parse_console(console, &o);
	if (mhp_selftest_verdict(&o, blocks, why, len))
		return -1;
	snprintf(why, len, "%ld blocks onlined, offlined, and failed to online and offline under injected errors",
		 blocks);
	return 0;
}

/* One kernel: 0 pass, 1 fail. */
static int selftest_one(const struct mhp_ctx *ctx, const struct mhp_kernel *k,
			uint64_t size, const char *logdir)
{
	int timeout_ms = ctx->opts->boot_timeout_s * 1000;
	struct selftest_result st = {
		.first = -1, .last = -1, .exit_status = -1, .us = -1
	};
	char why[256] = "", sz[32], *out = NULL;
	struct mhp_guest g;
	struct mhp_msg m;
	const char *build;
	bool ran = false;
	int ret = 1;

	mhp_size_format(size, sz, sizeof(sz));
	mkdir(logdir, 0700);
	if (mhp_guest_start(ctx, k, ctx->accel, logdir, &g, why, sizeof(why))) {
		mhp_guest_stop(&g);
		goto out;
	}
	if (mhp_guest_hello(&g, timeout_ms, &m)) {
		mhp_guest_diagnose(&g, why, sizeof(why));
		goto stop;
	}
	build = mhp_msg_get(&m, "build");
	if (!build || strncmp(build + strlen("mhpbench-"), k->build_id, 12)) {
		snprintf(why, sizeof(why), "guest runs build %s, expected %.12s",
			 build ?: "?", k->build_id);
		goto stop;
	}
	if (hot_add(ctx, &g, size, &st, why, sizeof(why)))
		goto stop;
	mhp_guest_send(&g, "SELFTEST timeout_ms=%d first=%lld blocks=%lld",
		       timeout_ms, st.first, st.last - st.first + 1);
	if (until_done(&g, timeout_ms + 10000, &st, why, sizeof(why)))
		goto stop;
	out = read_log(logdir, "raw/selftest-output");
	if (st.exit_status == 0)
		ran = true;
	else
		snprintf(why, sizeof(why), "mem-on-off-test.sh exited with %lld",
			 st.exit_status);
stop:
	mhp_guest_stop(&g);
	/* Exit 0 says little: what did it do? The console is whole now. */
	if (ran) {
		char *console = read_log(logdir, "console.log");

		ret = gate(out, console, st.last - st.first + 1, why,
			   sizeof(why)) ? 1 : 0;
		free(console);
	}
out:
	printf("%s/%s: selftest %s after a %s hot-add: %s",
	       ctx->arch->name, k->variant, ret ? "FAIL" : "pass", sz, why);
	if (st.us >= 0)
		printf(" (script: %.1f s)", st.us / 1e6);
	printf(" (log: %s)\n", logdir);
	fflush(stdout);
	if (ret && out)
		tail_output(out, 15);
	free(out);
	return ret;
}

int mhp_cmd_selftest(int argc, char **argv, const char *top)
{
	static struct mhp_opts o;
	static struct mhp_kernel k[MHP_MAX_VARIANTS];
	char err[512], why[256], dir[PATH_MAX], image[PATH_MAX], logdir[PATH_MAX + 96];
	struct mhp_arch a;
	struct mhp_ctx ctx = { .opts = &o, .arch = &a };
	int x, v, failed = 0;

	umask(077);
	if (parse(argc, argv, top, &o, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		return MHP_EXIT_USAGE;
	}
	/* Everything is checked before the first boot. */
	for (x = 0; x < o.narches; x++) {
		if (mhp_arch_load(top, o.arches[x], &a, err, sizeof(err)) ||
		    mhp_arch_check_host(&a, err, sizeof(err))) {
			fprintf(stderr, "mhpbench: %s\n", err);
			return MHP_EXIT_USAGE;
		}
		if (!mhp_size_fits(&a, o.sizes[0])) {
			mhp_size_format(o.sizes[0], err, sizeof(err));
			fprintf(stderr, "mhpbench: size %s does not fit %s (whole memory blocks, within maxmem)\n",
				err, a.name);
			return MHP_EXIT_USAGE;
		}
		snprintf(image, sizeof(image), "%s/build/guest/%s/selftest.cpio.gz",
			 top, a.name);
		if (access(o.image[0] ? o.image : image, R_OK)) {
			fprintf(stderr, "mhpbench: selftest image %s missing (make kernels guest-selftest ARCHS=%s)\n",
				o.image[0] ? o.image : image, a.name);
			return MHP_EXIT_USAGE;
		}
		for (v = 0; v < o.nvariants; v++) {
			if (mhp_kernel_load(&o, &a, o.variants[v], &k[v], err,
					    sizeof(err))) {
				fprintf(stderr, "mhpbench: %s\n", err);
				return MHP_EXIT_USAGE;
			}
			mhp_kernel_free(&k[v]);
		}
	}
	if (o.out[0]) {
		snprintf(dir, sizeof(dir), "%s", o.out);
	} else {
		char stamp[32];
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(dir, sizeof(dir), "%s/results/selftest-%s", top, stamp);
		snprintf(err, sizeof(err), "%s/results", top);
		mkdir(err, 0755);
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "mhpbench: cannot create %s: %s\n", dir,
			strerror(errno));
		return MHP_EXIT_USAGE;
	}

	for (x = 0; x < o.narches; x++) {
		mhp_arch_load(top, o.arches[x], &a, err, sizeof(err));
		snprintf(image, sizeof(image), "%s/build/guest/%s/selftest.cpio.gz",
			 top, a.name);
		ctx.image = o.image[0] ? o.image : image;
		for (v = 0; v < o.nvariants; v++) {
			if (mhp_kernel_load(&o, &a, o.variants[v], &k[v], err,
					    sizeof(err))) {
				fprintf(stderr, "mhpbench: %s\n", err);
				return MHP_EXIT_USAGE;
			}
		}
		snprintf(logdir, sizeof(logdir), "%s/%s-accel-probe", dir, a.name);
		ctx.accel = mhp_accel_choose(&ctx, &k[0], logdir, why, sizeof(why));
		if (!ctx.accel) {
			fprintf(stderr, "mhpbench: KVM was requested but does not work: %s\n",
				why);
			return MHP_EXIT_USAGE;
		}
		for (v = 0; v < o.nvariants; v++) {
			snprintf(logdir, sizeof(logdir), "%s/%s-%s", dir, a.name,
				 k[v].variant);
			failed |= selftest_one(&ctx, &k[v], o.sizes[0], logdir);
			mhp_kernel_free(&k[v]);
		}
	}
	return failed ? 1 : 0;
}
