// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench native: the measurement on the machine it is started on (as
 * root). Two scenarios, each sample a row set like a QEMU run's:
 *
 * dax-kmem: a devdax device hot-added as System RAM through dax/kmem
 * (daxctl), its blocks onlined movable and timed by the guest driver,
 * the memmap placement judged as in the hot-add scenario, then offlined
 * and given back to devdax;
 * offline-online: existing removable blocks (online in ZONE_MOVABLE),
 * each offlined and onlined again.
 *
 * Every block's state is snapshot first and put back on every path: the
 * guest driver finishes the write it is in and restores at exit, and so
 * does this command; SIGINT, SIGTERM and SIGHUP are held until the
 * sample in progress is over.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blockstate.h"
#include "meta.h"
#include "native.h"
#include "native_host.h"
#include "scenario.h"
#include "summary.h"
#include "timeutil.h"

struct native_opts {
	char out[PATH_MAX];
	char driver[PATH_MAX];
	char daxctl[PATH_MAX];
	const char *dax;	/* a device name, "none", or NULL: the first */
	int samples;
	int blocks;
	int timeout_s;
};

struct native {
	struct native_opts o;
	struct mhp_opts mo;	/* for meta.json */
	struct mhp_native_machine m;
	struct mhp_arch arch;
	struct mhp_kernel k;
	struct mhp_ctx ctx;
	struct mhp_run r;
	struct mhp_blocks was;	/* every block, before anything */
	long cand[4096];	/* removable blocks to cycle */
	int ncand;
	struct mhp_dax dax;
	bool have_dax;
	struct mhp_guest g;
	sigset_t held;
};

void mhp_native_usage(FILE *f)
{
	fprintf(f,
		"usage: mhpbench native [--out DIR] [--samples N] [--blocks N] [--dax DEV|none]\n"
		"                       [--driver PATH] [--daxctl PATH] [--timeout SECONDS]\n"
		"\n"
		"Measures on this machine, as root: offlines, onlines and re-adds up to\n"
		"--blocks removable memory blocks, and hot-adds a devdax device through\n"
		"dax/kmem (--dax, default the first one; none skips it), with the static\n"
		"guest driver (--driver) on the machine itself.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("mhpbench: native: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return MHP_EXIT_USAGE;
}

static int parse_int(const char *s, int min, int max, int *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

static int parse_opts(int argc, char **argv, const char *top,
		      struct native_opts *o)
{
	static const struct option lo[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "samples", required_argument, NULL, 'n' },
		{ "blocks", required_argument, NULL, 'b' },
		{ "dax", required_argument, NULL, 'd' },
		{ "driver", required_argument, NULL, 'g' },
		{ "daxctl", required_argument, NULL, 'x' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->samples = 3;
	o->blocks = 4;
	o->timeout_s = 120;
	snprintf(o->daxctl, sizeof(o->daxctl), "daxctl");
	snprintf(o->driver, sizeof(o->driver), "%s/build/guest/%s/mhpbench-guest",
		 top, mhp_native_arch());
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return usage_error("--out: empty path%s", "");
			snprintf(o->out, sizeof(o->out), "%s", optarg);
			break;
		case 'n':
			if (parse_int(optarg, 1, 1000, &o->samples))
				return usage_error("--samples: '%s' is not 1 to 1000", optarg);
			break;
		case 'b':
			if (parse_int(optarg, 0, 4096, &o->blocks))
				return usage_error("--blocks: '%s' is not 0 to 4096", optarg);
			break;
		case 'd':
			if (!*optarg || strchr(optarg, '/') || strlen(optarg) > 31)
				return usage_error("--dax: '%s' is not a dax device name", optarg);
			o->dax = optarg;
			break;
		case 'g':
			snprintf(o->driver, sizeof(o->driver), "%s", optarg);
			break;
		case 'x':
			if (!*optarg)
				return usage_error("--daxctl: empty path%s", "");
			snprintf(o->daxctl, sizeof(o->daxctl), "%s", optarg);
			break;
		case 't':
			if (parse_int(optarg, 1, 86400, &o->timeout_s))
				return usage_error("--timeout: '%s' is not 1 to 86400 seconds", optarg);
			break;
		default:
			return usage_error("unknown option or missing value: %s",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("stray argument '%s'", argv[optind]);
	if (access(o->driver, X_OK))
		return usage_error("no guest driver at %s (make guest, or --driver)",
				   o->driver);
	return 0;
}

/* Removable blocks: online in ZONE_MOVABLE, at most --blocks of them. */
static void pick_blocks(struct native *n)
{
	long i;

	for (i = 0; i < n->was.n && n->ncand < n->o.blocks; i++) {
		const struct mhp_block *b = &n->was.b[i];

		if (b->online && b->movable)
			n->cand[n->ncand++] = b->id;
	}
}

static void find_dax(struct native *n)
{
	char err[256];

	if (n->o.dax && !strcmp(n->o.dax, "none"))
		return;
	if (mhp_dax_find(n->o.dax, n->m.block_size, &n->dax, err, sizeof(err))) {
		if (n->o.dax)
			fprintf(stderr, "mhpbench: native: %s\n", err);
		return;
	}
	if (mhp_which(n->o.daxctl, n->dax.daxctl, sizeof(n->dax.daxctl))) {
		fprintf(stderr, "mhpbench: native: %s has no daxctl (%s): dax/kmem skipped\n",
			n->dax.name, n->o.daxctl);
		return;
	}
	n->dax.timeout_ms = n->o.timeout_s * 1000;
	n->have_dax = true;
	mhp_dax_select(&n->dax);
}

static int make_run_dir(struct native *n, const char *top)
{
	char path[PATH_MAX + 16], stamp[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (n->o.out[0]) {
		snprintf(n->r.dir, sizeof(n->r.dir), "%s", n->o.out);
		snprintf(n->r.id, sizeof(n->r.id), "%s", strrchr(n->o.out, '/') ?
			 strrchr(n->o.out, '/') + 1 : n->o.out);
	} else {
		snprintf(n->r.id, sizeof(n->r.id), "%s-native", stamp);
		snprintf(path, sizeof(path), "%s/results", top);
		mkdir(path, 0755);
		snprintf(n->r.dir, sizeof(n->r.dir), "%s/%s", path, n->r.id);
	}
	if (mkdir(n->r.dir, 0700) && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/samples", n->r.dir);
	if (!access(path, F_OK)) {
		errno = EEXIST;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/logs", n->r.dir);
	return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

static bool interrupted(struct native *n)
{
	sigset_t p;
	int s;

	sigpending(&p);
	for (s = 1; s < NSIG; s++)
		if (sigismember(&n->held, s) && sigismember(&p, s))
			return true;
	return false;
}

/* Store a guest "M" line; the same as the hot-add scenario's. */
static void take_metric(struct mhp_sample *s, const struct mhp_msg *m)
{
	const char *block = mhp_msg_get(m, "block");
	const char *metric = mhp_msg_get(m, "metric");
	const char *unit = mhp_msg_get(m, "unit");
	long long v, b = -1;

	if (!block || !metric || !unit || mhp_msg_get_ll(m, "value", &v) ||
	    (strcmp(block, "all") && mhp_msg_get_ll(m, "block", &b)))
		return;
	mhp_sample_add(s, b, metric, v, unit);
}

/* One removable block out and back in, by the guest driver. */
static void cycle_block(struct native *n, long id, struct mhp_sample *s)
{
	struct mhp_msg m;

	mhp_guest_send(&n->g, "CYCLE block=%ld", id);
	while (mhp_guest_recv(&n->g, &m, n->o.timeout_s * 1000) == 0) {
		if (!strcmp(m.verb, "M")) {
			take_metric(s, &m);
			continue;
		}
		if (strcmp(m.verb, "DONE"))
			continue;
		if (strcmp(mhp_msg_get(&m, "status") ?: "", "ok")) {
			s->outcome = MHP_GUEST_ERROR;
			snprintf(s->reason, sizeof(s->reason), "block %ld: %s", id,
				 mhp_msg_get(&m, "reason") ?: "error");
		}
		return;
	}
	s->outcome = MHP_TIMEOUT;
	snprintf(s->reason, sizeof(s->reason), "block %ld: the driver did not answer",
		 id);
}

static void cycle_sample(struct native *n, struct mhp_sample *s)
{
	int i, restored = 0;

	for (i = 0; i < n->ncand && s->outcome == MHP_OK; i++)
		cycle_block(n, n->cand[i], s);
	for (i = 0; i < s->nrows; i++)
		if (!strcmp(s->rows[i].metric, "restored") && s->rows[i].value == 1)
			restored++;
	mhp_sample_add(s, -1, "blocks", n->ncand, "blocks");
	mhp_sample_add(s, -1, "blocks_restored", restored, "blocks");
	if (s->outcome == MHP_OK && restored < n->ncand) {
		s->outcome = MHP_INVALID;
		snprintf(s->reason, sizeof(s->reason),
			 "%d of %d blocks not back in their state", n->ncand - restored,
			 n->ncand);
	}
}

static void dax_sample(struct native *n, struct mhp_sample *s)
{
	snprintf(n->dax.log, sizeof(n->dax.log), "%s/daxctl.log", s->log);
	mhp_sample_add(s, -1, "dax_target_node", n->dax.node, "node");
	mhp_sample_add(s, -1, "dax_memmap_on_memory", n->dax.memmap_on_memory,
		       "bool");
	if (mhp_hotadd_drive(&n->ctx, &n->g, s, n->dax.node, true) == 0)
		mhp_scenario_hotadd.derive(&n->ctx, s);
	if (mhp_dax_restore(&n->dax) && s->outcome == MHP_OK) {
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason),
			 "%s could not be given back to devdax", n->dax.name);
	}
}

/* Whatever a sample did, every block is back, or the sample says not. */
static void sample_restore(struct native *n, struct mhp_sample *s)
{
	long bad = mhp_blocks_restore(MHP_SYS_MEMORY, &n->was);

	mhp_sample_add(s, -1, "blocks_not_restored", bad, "blocks");
	if (bad && s->outcome == MHP_OK) {
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason),
			 "%ld memory blocks could not be put back in their state", bad);
	}
}

static int run_sample(struct native *n, const char *scenario, int index)
{
	struct mhp_sample s = { .kernel = &n->k, .scenario = scenario,
				.index = index };
	uint64_t t0 = mhp_now_us();
	bool dax = !strcmp(scenario, "dax-kmem");

	s.size = (dax ? n->dax.nblocks : n->ncand) * n->m.block_size;
	snprintf(s.log, sizeof(s.log), "%s/logs/%s-%d", n->r.dir, scenario, index);
	mkdir(s.log, 0700);
	snprintf(n->g.logdir, sizeof(n->g.logdir), "%s", s.log);
	mhp_sample_add(&s, -1, "page_size_bytes", n->m.page_size, "bytes");
	mhp_sample_add(&s, -1, "block_size_bytes", n->m.block_size, "bytes");
	mhp_sample_add(&s, -1, "memmap_on_memory_param", n->m.memmap_on_memory,
		       "bool");
	if (dax)
		dax_sample(n, &s);
	else
		cycle_sample(n, &s);
	sample_restore(n, &s);
	s.wall_us = mhp_now_us() - t0;
	mhp_sample_add(&s, -1, "wall_ms", s.wall_us / 1000, "ms");
	s.valid = s.outcome == MHP_OK;
	fprintf(stderr, "mhpbench: native %s #%d: %s, %.1f s%s%s\n", scenario,
		index, mhp_outcome_name(s.outcome), s.wall_us / 1e6,
		s.valid ? "" : ": ", s.valid ? "" : s.reason);
	if (mhp_run_write_sample(&n->r, &s) || mhp_run_add(&n->r, &s) ||
	    mhp_run_write(&n->r)) {
		fprintf(stderr, "mhpbench: cannot write results to %s: %s\n",
			n->r.dir, strerror(errno));
		return -1;
	}
	return 0;
}

static void write_meta(struct native *n, const char *started,
		       const char *finished, int argc, char **argv)
{
	struct mhp_meta_arch ma = {
		.arch = &n->arch, .kernels = &n->k, .nkernels = 1,
		.accel = "native", .accel_why = "runs on the machine itself",
	};
	struct mhp_meta meta = {
		.opts = &n->mo, .arches = &ma, .narches = 1, .accel = "native",
		.accel_why = ma.accel_why, .qemu_version = "none",
		.started = started, .finished = finished, .argc = argc,
		.argv = argv,
	};

	if (mhp_meta_write(&n->r, &meta))
		fprintf(stderr, "mhpbench: cannot write meta.json\n");
}

static void write_summary(struct native *n)
{
	char path[PATH_MAX + 16], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	mhp_summary(f, &n->r, "native", "none");
	fclose(f);
	snprintf(path, sizeof(path), "%s/summary.txt", n->r.dir);
	if (mhp_write_atomic(path, buf, len))
		fprintf(stderr, "mhpbench: cannot write %s\n", path);
	fwrite(buf, 1, len, stdout);
	free(buf);
}

static void utc(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int prepare(struct native *n, int argc, char **argv, const char *top)
{
	char err[512];
	int ret = parse_opts(argc, argv, top, &n->o);

	if (ret)
		return ret;
	if (geteuid() != 0)
		return usage_error("needs root: it offlines, onlines and hot-adds memory%s", "");
	if (mhp_native_probe(&n->m, err, sizeof(err)))
		return usage_error("%s", err);
	if (mhp_blocks_read(MHP_SYS_MEMORY, &n->was))
		return usage_error("cannot read the memory blocks: %s", strerror(errno));
	pick_blocks(n);
	find_dax(n);
	if (!n->ncand && !n->have_dax)
		return usage_error("nothing to hot-plug: no removable memory block (online in ZONE_MOVABLE)%s and no devdax device for dax/kmem",
				   n->o.blocks ? "" : " asked for");
	mhp_native_describe(&n->m, "dax-kmem", &n->arch, &n->k);
	n->k.expect_altmap = n->m.memmap_on_memory == 1 && n->have_dax &&
			     n->dax.memmap_on_memory;
	snprintf(n->mo.top, sizeof(n->mo.top), "%s", top);
	snprintf(n->mo.scenario, sizeof(n->mo.scenario), "native");
	snprintf(n->mo.online, sizeof(n->mo.online), "online_movable");
	snprintf(n->mo.out, sizeof(n->mo.out), "%s", n->o.out);
	n->mo.samples = n->o.samples;
	n->mo.boot_timeout_s = n->o.timeout_s;
	n->ctx.opts = &n->mo;
	n->ctx.arch = &n->arch;
	n->ctx.accel = "native";
	n->r.arch = "native";
	n->r.scenario = "native";
	if (make_run_dir(n, top))
		return usage_error("cannot create the results directory: %s",
				   strerror(errno));
	return 0;
}

int mhp_cmd_native(int argc, char **argv, const char *top)
{
	static struct native n;
	char started[32], finished[32], err[256], path[PATH_MAX + 16];
	struct mhp_msg m;
	int i, ret, status = 0;
	long bad;

	umask(077);
	ret = prepare(&n, argc, argv, top);
	if (ret)
		return ret;
	/* Held until the sample in progress is over and all is restored. */
	sigemptyset(&n.held);
	sigaddset(&n.held, SIGINT);
	sigaddset(&n.held, SIGTERM);
	sigaddset(&n.held, SIGHUP);
	sigprocmask(SIG_BLOCK, &n.held, NULL);
	utc(started, sizeof(started));
	write_meta(&n, started, NULL, argc, argv);
	fprintf(stderr, "mhpbench: native: %s, page %u, block %llu MiB, nodes %s, memmap_on_memory %s; %d removable blocks, dax/kmem %s\n",
		n.m.release, n.m.page_size,
		(unsigned long long)(n.m.block_size >> 20), n.m.nodes,
		n.m.memmap_param, n.ncand, n.have_dax ? n.dax.name : "none");
	snprintf(path, sizeof(path), "%s/logs", n.r.dir);
	if (mhp_native_driver_start(n.o.driver, path, &n.g, err, sizeof(err)) ||
	    mhp_guest_hello(&n.g, 10000, &m)) {
		fprintf(stderr, "mhpbench: native: the guest driver did not start: %s\n",
			err[0] ? err : "no HELLO");
		status = 1;
	}
	for (i = 0; !status && i < n.o.samples && !interrupted(&n); i++) {
		if (n.have_dax && run_sample(&n, "dax-kmem", i))
			status = 1;
		if (!status && n.ncand && !interrupted(&n) &&
		    run_sample(&n, "offline-online", i))
			status = 1;
	}
	mhp_native_driver_stop(&n.g);
	if (n.have_dax)
		mhp_dax_restore(&n.dax);
	bad = mhp_blocks_restore(MHP_SYS_MEMORY, &n.was);
	if (bad) {
		fprintf(stderr, "mhpbench: native: %ld memory blocks are not back in their state\n",
			bad);
		status = 1;
	}
	utc(finished, sizeof(finished));
	write_meta(&n, started, finished, argc, argv);
	write_summary(&n);
	printf("\nresults: %s\n", n.r.dir);
	for (i = 0; i < n.r.nsamples; i++)
		mhp_sample_free(&n.r.samples[i]);
	free(n.r.samples);
	mhp_blocks_free(&n.was);
	json_object_put(n.k.build);
	if (interrupted(&n)) {
		fprintf(stderr, "mhpbench: native: interrupted; every block restored\n");
		return 130;
	}
	return status;
}
