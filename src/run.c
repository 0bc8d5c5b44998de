// SPDX-License-Identifier: GPL-2.0
/*
 * `mhpbench run`: the sample loop. Every sample is a fresh boot; samples
 * of the variants are interleaved so that drift on the host hits them
 * alike; each finished sample is on disk before the next one starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accel.h"
#include "compiler.h"
#include "arch.h"
#include "guest.h"
#include "kconfig.h"
#include "meta.h"
#include "opts.h"
#include "order.h"
#include "prebuilt.h"
#include "qmp.h"
#include "results.h"
#include "size.h"
#include "summary.h"
#include "timeutil.h"
#include "variant.h"

static char qemu_version[32] = "unknown";

static void on_signal(int sig)
{
	mhp_guest_kill_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void utc_now(char *buf, size_t len, const char *fmt)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, fmt, &tm);
}

/*
 * The guest must run the kernel given: a build of the suite says its
 * build key, a prebuilt kernel the release and version of its image's
 * banner (what it said goes into meta.json).
 */
static int check_kernel(struct mhp_sample *s, const struct mhp_msg *m)
{
	const struct mhp_kernel *k = s->kernel;
	const char *build = mhp_msg_get(m, "build");
	const char *rel = mhp_msg_get(m, "release");
	const char *ver = mhp_msg_get(m, "version");

	if (!k->prebuilt) {
		if (build && !strncmp(build, "mhpbench-", 9) &&
		    !strncmp(build + 9, k->build_id, 12))
			return 0;
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason),
			 "guest runs build %s, expected %.12s", build ?: "?",
			 k->build_id);
		return -1;
	}
	if ((k->release[0] && (!rel || strcmp(rel, k->release))) ||
	    (k->version[0] && (!ver || strcmp(ver, k->version)))) {
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason),
			 "guest runs %s %.80s, expected %s %.80s", rel ?: "?",
			 ver ?: "?", k->release, k->version);
		return -1;
	}
	if (!json_object_object_get_ex(k->build, "guest_release", NULL)) {
		json_object_object_add(k->build, "guest_release",
				       json_object_new_string(rel ?: ""));
		json_object_object_add(k->build, "guest_version",
				       json_object_new_string(ver ?: ""));
	}
	return 0;
}

/*
 * sizeof(struct page): from the guest's BTF when it has some (row
 * struct_page_bytes_btf 1), else from the build. A kernel the suite did
 * not build and without BTF leaves it unknown: the sample is invalid.
 */
static int struct_page(struct mhp_sample *s, const struct mhp_msg *m)
{
	const struct mhp_kernel *k = s->kernel;
	long long sp;

	if (!mhp_msg_get_ll(m, "struct_page", &sp) && sp > 0) {
		mhp_sample_add(s, -1, "struct_page_bytes", sp, "bytes");
		mhp_sample_add(s, -1, "struct_page_bytes_btf", 1, "bool");
		if (k->prebuilt &&
		    !json_object_object_get_ex(k->build, "struct_page_bytes", NULL)) {
			json_object_object_add(k->build, "struct_page_bytes",
					       json_object_new_int(sp));
			json_object_object_add(k->build, "struct_page_bytes_source",
					       json_object_new_string("btf"));
		}
		if (k->prebuilt || sp == k->struct_page_bytes)
			return 0;
		s->outcome = MHP_INVALID;
		snprintf(s->reason, sizeof(s->reason),
			 "sizeof(struct page): %lld bytes in the kernel's BTF, %u in its build.json",
			 sp, k->struct_page_bytes);
		return -1;
	}
	if (k->prebuilt) {
		s->outcome = MHP_INVALID;
		snprintf(s->reason, sizeof(s->reason),
			 "the kernel has no BTF (/sys/kernel/btf/vmlinux): sizeof(struct page) unknown");
		return -1;
	}
	mhp_sample_add(s, -1, "struct_page_bytes", k->struct_page_bytes, "bytes");
	mhp_sample_add(s, -1, "struct_page_bytes_btf", 0, "bool");
	return 0;
}

/* Boot, check the kernel is the one given, run the scenario. */
static void sample_boot(const struct mhp_ctx *ctx, const struct mhp_scenario *sc,
			struct mhp_guest *g, struct mhp_sample *s)
{
	char err[256];
	struct mhp_msg m;
	long long page;

	if (mhp_guest_start(ctx, s->kernel, ctx->accel, s->log, g, err,
			    sizeof(err))) {
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason), "%s", err);
		return;
	}
	if (mhp_qmp_version(g->qmp))
		snprintf(qemu_version, sizeof(qemu_version), "%s",
			 mhp_qmp_version(g->qmp));
	if (mhp_guest_hello(g, ctx->opts->boot_timeout_s * 1000, &m)) {
		s->outcome = mhp_guest_diagnose(g, s->reason, sizeof(s->reason));
		return;
	}
	mhp_sample_add(s, -1, "boot_ms", (mhp_now_us() - g->started_us) / 1000,
		       "ms");
	if (check_kernel(s, &m) || struct_page(s, &m))
		return;
	/* What a kernel lacks is a reason, not a timeout. */
	if (mhp_guest_lacks(mhp_msg_get(&m, "lacks"), ctx->arch->hotplug,
			    s->reason, sizeof(s->reason))) {
		s->outcome = MHP_INVALID;
		return;
	}
	if (!mhp_msg_get_ll(&m, "page_size", &page))
		mhp_sample_add(s, -1, "page_size_bytes", page, "bytes");
	if (!mhp_msg_get_ll(&m, "block_size", &page)) {
		mhp_sample_add(s, -1, "block_size_bytes", page, "bytes");
		/* Sizes were checked against the profile's blocks. */
		if ((uint64_t)page != ctx->arch->block_size) {
			char want[32], got[32];

			mhp_size_format(ctx->arch->block_size, want, sizeof(want));
			mhp_size_format(page, got, sizeof(got));
			s->outcome = MHP_INVALID;
			snprintf(s->reason, sizeof(s->reason),
				 "the guest's memory blocks are %s, the profile's %s (its boot memory layout?)",
				 got, want);
			return;
		}
	}
	if (sc->run(ctx, g, s) == 0 && sc->derive)
		sc->derive(ctx, s);
}

/*
 * Was a finished sample traced? Its "traced" row; a sample of a run from
 * before that row was traced when it has any ftrace_* row.
 */
static void loaded_traced(struct mhp_sample *s)
{
	double v;
	int i;

	if (mhp_sample_get(s, "traced", &v)) {
		s->traced = v == 1;
		return;
	}
	for (i = 0; i < s->nrows; i++)
		if (!strncmp(s->rows[i].metric, "ftrace_", 7))
			s->traced = true;
	mhp_sample_add(s, -1, "traced", s->traced, "bool");
}

/* One line: the results could not be written (errno), and what is kept. */
static void unwritten(const char *dir, const char *kept)
{
	fprintf(stderr, "mhpbench: cannot write results to %s: %s%s\n", dir,
		strerror(errno), kept);
}

static void sample_run(const struct mhp_ctx *ctx, const struct mhp_scenario *sc,
		       struct mhp_run *r, const struct mhp_kernel *k,
		       uint64_t size, int index, bool traced, int round,
		       int position)
{
	struct mhp_sample s = { .kernel = k, .size = size, .index = index,
				.traced = traced,
				.hotplug = ctx->arch->hotplug };
	uint64_t t0 = mhp_now_us();
	struct mhp_guest g;
	char sz[32], arch[40] = "", line[sizeof(s.reason) + 160];
	bool written;
	int done;

	mhp_size_format(size, sz, sizeof(sz));
	/* Several arches in one run: their logs and messages say which. */
	if (ctx->opts->narches > 1)
		snprintf(arch, sizeof(arch), "%s-", k->arch);
	done = mhp_run_load_sample(r, &s);
	if (done < 0)
		exit(1);
	if (done) {
		loaded_traced(&s);
		fprintf(stderr, "mhpbench: %s%s %s #%d: done before (%s)\n",
			arch, k->variant, sz, index, mhp_outcome_name(s.outcome));
		if (mhp_run_add(r, &s))
			exit(1);
		return;
	}
	snprintf(s.log, sizeof(s.log), "%s/logs/%s%s-%s-%d", r->dir, arch,
		 k->variant, sz, index);
	mkdir(s.log, 0700);
	/* A scenario that does not apply to the arch: no boot, the reason. */
	if (sc->not_applicable && sc->not_applicable(ctx)) {
		memset(&g, 0, sizeof(g));
		g.pid = -1;
		g.ctl = -1;
		s.outcome = MHP_NOT_APPLICABLE;
		snprintf(s.reason, sizeof(s.reason), "not applicable: %s",
			 sc->not_applicable(ctx));
		mhp_sample_add(&s, -1, "applicable", 0, "bool");
	} else {
		sample_boot(ctx, sc, &g, &s);
	}
	mhp_guest_stop(&g);
	/* What the guest cost the host: QEMU's peak RSS, from wait4(). */
	if (g.peak_rss_kb > 0)
		mhp_sample_add(&s, -1, "host_qemu_peak_rss_kb", g.peak_rss_kb,
			       "kB");
	s.wall_us = mhp_now_us() - t0;
	mhp_sample_add(&s, -1, "wall_ms", s.wall_us / 1000, "ms");
	mhp_sample_add(&s, -1, "traced", traced, "bool");
	/* Where the sample ran in its round (order.h). */
	mhp_sample_add(&s, -1, "run_round", round, "index");
	mhp_sample_add(&s, -1, "run_position", position, "index");
	s.valid = s.outcome == MHP_OK;
	/*
	 * A sample is reported once it is written: what the run said it
	 * did is what is on disk (the line is made first: mhp_run_add takes
	 * the sample over).
	 */
	snprintf(line, sizeof(line), "mhpbench: %s%s %s #%d%s: %s, %.1f s%s%s\n",
		 arch, k->variant, sz, index, traced ? " (traced)" : "",
		 mhp_outcome_name(s.outcome), s.wall_us / 1e6,
		 s.valid ? "" : ": ", s.valid ? "" : s.reason);
	written = !mhp_run_write_sample(r, &s);
	if (!written || mhp_run_add(r, &s) || mhp_run_write(r)) {
		char kept[128];

		snprintf(kept, sizeof(kept), " (%s%s %s #%d %s)", arch,
			 k->variant, sz, index, written ?
			 "kept in samples/: --resume writes the rest" :
			 "not kept: --resume runs it again");
		unwritten(r->dir, kept);
		mhp_guest_kill_all();
		exit(1);
	}
	fputs(line, stderr);
}

static int make_run_dir(struct mhp_run *r, const struct mhp_opts *o,
			bool resume)
{
	char path[PATH_MAX + 16];

	if (o->out[0]) {
		snprintf(r->dir, sizeof(r->dir), "%s", o->out);
		snprintf(r->id, sizeof(r->id), "%s", strrchr(o->out, '/') ?
			 strrchr(o->out, '/') + 1 : o->out);
	} else {
		char stamp[32], *c;

		utc_now(stamp, sizeof(stamp), "%Y%m%d-%H%M%S");
		snprintf(r->id, sizeof(r->id), "%s-%s-%s", stamp, o->arch,
			 o->scenario);
		while ((c = strchr(r->id, ',')))
			*c = '+';
		snprintf(path, sizeof(path), "%s/results", o->top);
		mkdir(path, 0755);
		snprintf(r->dir, sizeof(r->dir), "%s/%s", path, r->id);
	}
	if (mkdir(r->dir, 0700) && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/samples", r->dir);
	if (!resume && !access(path, F_OK)) {
		errno = EEXIST;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/logs", r->dir);
	return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

/*
 * A results directory that takes a file now: a read-only or full file
 * system is one line before any boot, not a QEMU that cannot open its
 * console log. 0, or -1 with errno.
 */
static int run_dir_writable(const struct mhp_run *r)
{
	char path[PATH_MAX + 32];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/logs/.mhpbench-probe", r->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, "\n", 1) != 1 || fsync(fd))
		ret = -1;
	if (close(fd))
		ret = -1;
	if (ret) {
		int e = errno;

		unlink(path);
		errno = e;
		return -1;
	}
	return unlink(path);
}

/* One arch of the run: profile, guest image, kernels, accelerator. */
struct arch_run {
	struct mhp_arch a;
	struct mhp_kernel k[MHP_MAX_VARIANTS];
	struct mhp_ctx ctx;
	char image[PATH_MAX];
	char why[512];
};

/*
 * Round n: sample n of every arch, size and variant (with --trace yes each
 * untraced sample has a traced one beside it, numbered samples + n:
 * traced and untraced timings are never one statistic). The round runs
 * in an order drawn from the run's seed afresh for each round
 * (order.h), so that a position within the round is no variant's; with
 * --order fixed, arch by arch, size by size, variant by variant.
 */
static void run_round(const struct mhp_opts *o, const struct arch_run *ar,
		      const struct mhp_scenario *sc, struct mhp_run *r, int n)
{
	struct item { int x, z, t, v; } item[MHP_MAX_ARCHES * MHP_MAX_SIZES * 2 *
					     MHP_MAX_VARIANTS];
	int perm[ARRAY_SIZE(item)];
	int t, v, x, z, i, ni = 0;

	for (x = 0; x < o->narches; x++)
		for (z = 0; z < o->nsizes; z++)
			for (t = 0; t <= o->trace; t++)
				for (v = 0; v < o->nvariants; v++)
					if (mhp_size_fits(&ar[x].a, o->sizes[z]))
						item[ni++] = (struct item){ x, z, t, v };
	mhp_round_order(o->seed, n, !o->order_fixed, perm, ni);
	for (i = 0; i < ni; i++) {
		const struct item *it = &item[perm[i]];

		sample_run(&ar[it->x].ctx, sc, r, &ar[it->x].k[it->v],
			   o->sizes[it->z], n + it->t * o->samples, it->t, n, i);
	}
}

static int load_arch(const struct mhp_opts *o, const char *name,
		     struct arch_run *ar)
{
	const struct mhp_scenario *sc = mhp_scenario_find(o->scenario);
	char err[512], def[PATH_MAX + 64];
	int i, pass;

	/*
	 * The machine of the run: the profile's, or its big-block machine
	 * (--bigblock); --boot-mem; then the scenario's needs.
	 */
	if (mhp_arch_load(o->top, name, &ar->a, err, sizeof(err)) ||
	    mhp_arch_check_host(&ar->a, err, sizeof(err)) ||
	    mhp_arch_machine(o, &ar->a, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		return -1;
	}
	if (sc->machine)
		sc->machine(o, &ar->a);
	snprintf(def, sizeof(def), "%s/build/guest/%s/initramfs.cpio.gz", o->top,
		 name);
	if (o->image[0] && strcmp(o->image, def))
		snprintf(ar->image, sizeof(ar->image), "%s", o->image);
	else
		snprintf(ar->image, sizeof(ar->image), "%s/build/guest/%s/%s",
			 o->top, name, sc->tools ? "tools.cpio.gz" :
			 "initramfs.cpio.gz");
	if (access(ar->image, R_OK)) {
		fprintf(stderr, "mhpbench: guest image %s missing (make %s ARCH=%s)\n",
			ar->image, sc->tools ? "guest-tools" : "guest", name);
		return -1;
	}
	/* Kernels the suite did not build first: a refusal before all. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < o->nvariants; i++) {
			struct mhp_prebuilt_src src;
			int pre = mhp_prebuilt_find(o, o->variants[i], &src, err,
						    sizeof(err));

			if (pre == !pass &&
			    (pre ? mhp_prebuilt_load(o, &ar->a, ar->image, &src,
						     &ar->k[i], err, sizeof(err)) :
			     mhp_kernel_load(o, &ar->a, o->variants[i], &ar->k[i],
					     err, sizeof(err))))
				pre = -1;
			if (pre < 0) {
				fprintf(stderr, "mhpbench: %s\n", err);
				return -1;
			}
		}
	ar->ctx.opts = o;
	ar->ctx.arch = &ar->a;
	ar->ctx.image = ar->image;
	return 0;
}

static void write_summary(const struct mhp_run *r, const char *accel,
			  const struct mhp_scenario *sc)
{
	char path[PATH_MAX + 16], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	mhp_summary(f, r, accel, qemu_version);
	if (sc->summary)
		sc->summary(f, r->samples, r->nsamples);
	fclose(f);
	snprintf(path, sizeof(path), "%s/summary.txt", r->dir);
	if (mhp_write_atomic(path, buf, len))
		fprintf(stderr, "mhpbench: cannot write %s\n", path);
	fwrite(buf, 1, len, stdout);
	free(buf);
}

/*
 * --resume DIR: run again with the arguments recorded in DIR/meta.json,
 * into DIR, on the accelerator the run started with.
 */
static int resume_args(const char *dir, int *argc, char ***argv)
{
	static char *args[128];
	static char out[PATH_MAX], accel[16], seed[24];
	char path[PATH_MAX + 16];
	json_object *meta, *a, *v, *o;
	size_t i, n;
	int k = 0;

	seed[0] = '\0';
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	meta = json_object_from_file(path);
	if (!meta || !json_object_object_get_ex(meta, "argv", &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    !json_object_object_get_ex(meta, "accelerator", &v)) {
		fprintf(stderr, "mhpbench: %s: not a run to resume\n", path);
		json_object_put(meta);
		return -1;
	}
	snprintf(accel, sizeof(accel), "%s", json_object_get_string(v));
	/*
	 * The QEMU the run's samples met, until this resume boots one of its
	 * own: a resume with nothing left to run keeps it.
	 */
	if (json_object_object_get_ex(meta, "qemu_version", &v))
		snprintf(qemu_version, sizeof(qemu_version), "%s",
			 json_object_get_string(v));
	/* The order's seed as the run drew it: the same order again. */
	if (json_object_object_get_ex(meta, "options", &o) &&
	    json_object_object_get_ex(o, "seed", &v))
		snprintf(seed, sizeof(seed), "%llu",
			 (unsigned long long)json_object_get_uint64(v));
	snprintf(out, sizeof(out), "%s", dir);
	n = json_object_array_length(a);
	if (n > ARRAY_SIZE(args) - 8)
		n = ARRAY_SIZE(args) - 8;
	args[k++] = "run";
	for (i = 1; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(a, i));

		/* The run dir, accelerator and seed come from the run itself. */
		if (!strcmp(s, "--out") || !strcmp(s, "--accel") ||
		    (seed[0] && !strcmp(s, "--seed"))) {
			i++;
			continue;
		}
		args[k++] = strdup(s);
	}
	args[k++] = "--out";
	args[k++] = out;
	args[k++] = "--accel";
	args[k++] = accel;
	if (seed[0]) {
		args[k++] = "--seed";
		args[k++] = seed;
	}
	args[k] = NULL;
	json_object_put(meta);
	*argc = k;
	*argv = args;
	return 0;
}

/*
 * The accelerator of each arch; the run's is their common one, or "auto"
 * when they differ (KVM for the host's arch, TCG for the others), which
 * is also what --resume then asks for.
 */
static int choose_accels(struct arch_run *ar, struct mhp_meta_arch *ma,
			 int narch, const struct mhp_run *r, const char **accel,
			 char *why, size_t len)
{
	char probe[PATH_MAX + 48];
	int x;

	for (x = 0; x < narch; x++) {
		snprintf(probe, sizeof(probe), "%s/logs/kvm-probe%s%s", r->dir,
			 narch > 1 ? "-" : "", narch > 1 ? ar[x].a.name : "");
		ar[x].ctx.accel = mhp_accel_choose(&ar[x].ctx, &ar[x].k[0], probe,
						   ar[x].why, sizeof(ar[x].why));
		if (!ar[x].ctx.accel) {
			fprintf(stderr, "mhpbench: KVM was requested but does not work for %s: %s\n",
				ar[x].a.name, ar[x].why);
			return -1;
		}
		fprintf(stderr, "mhpbench: run %s: %s: accelerator %s (%s)\n",
			r->id, ar[x].a.name, ar[x].ctx.accel, ar[x].why);
		ma[x] = (struct mhp_meta_arch){
			.arch = &ar[x].a, .kernels = ar[x].k,
			.accel = ar[x].ctx.accel, .accel_why = ar[x].why,
			.image = ar[x].image,
		};
		if (x && strcmp(ar[x].ctx.accel, *accel))
			*accel = "auto";
		else if (!x)
			*accel = ar[x].ctx.accel;
	}
	snprintf(why, len, "%s", narch == 1 ? ar[0].why :
		 "per arch: see arches.*.accelerator_reason");
	return 0;
}

void mhp_run_usage(FILE *f)
{
	fprintf(f,
		"usage: mhpbench run [--config FILE] [--arch A] [--variants V,...]\n"
		"                    [--kernel NAME=PATH[,modules=PATH][,config=PATH]\n"
		"                              [,cmdline=ARGS][,altmap=yes|no]] ...\n"
		"                    [--scenario S] [--sizes 128M,1G] [--samples N]\n"
		"                    [--online online_movable|online|online_kernel]\n"
		"                    [--boot-timeout SECONDS] [--accel auto|kvm|tcg]\n"
		"                    [--out DIR] [--kernels DIR] [--image INITRAMFS]\n"
		"                    [--append KERNEL-ARGS]\n"
		"                    [--boot-mem SIZE] [--hog PERCENT] [--online-delay S]\n"
		"                    [--policy delayed|at-once] [--trace yes|no]\n"
		"                    [--work-size SIZE] [--work-seconds S] [--bigblock yes|no]\n"
		"                    [--alpha P] [--min-change X%%] [--compact yes|no]\n"
		"                    [--hotplug acpi-dimm|dlpar-dimm|virtio-mem]\n"
		"                    [--virtio-mem-block SIZE] [--virtio-mem-poll USEC]\n"
		"                    [--order random|fixed] [--seed N]\n"
		"       mhpbench run --resume RUN\n"
		"\n"
		"Boots each variant's kernel in QEMU once per sample, hot-adds memory\n"
		"through QMP and writes samples.csv, outcomes.csv, meta.json and\n"
		"summary.txt into results/RUN-ID (or --out). The config (default\n"
		"configs/bench/default.conf) gives defaults; options override it.\n"
		"Its keys are the options but --config, --kernel, --out, --kernels\n"
		"and --image, named with _ for - (boot_timeout = 120), and the\n"
		"repeatable pair = BASE NEW WHAT, a comparison for the reports.\n"
		"--kernel adds a kernel the suite did not build as one more variant:\n"
		"PATH is its image or a Debian linux-image .deb (repeatable).\n"
		"--hotplug picks the hot-add method among those the arch profile\n"
		"names (hotplug, hotplug_also); virtio-mem runs take sizes of\n"
		"1G,4G,16G,64G unless given sizes for it, and --virtio-mem-block\n"
		"sets the device block size (default: QEMU's, the THP size);\n"
		"--virtio-mem-poll how often its plugged size is read (1000 us).\n"
		"virtio-mem takes every memmap from boot memory: without --boot-mem\n"
		"the boot RAM grows by twice the largest size's memmap when that\n"
		"is a quarter of it or more (2.5G for 64G on x86_64).\n"
		"Each round (sample n of every arch, size and variant) runs in an\n"
		"order drawn afresh from --seed (default: drawn, and recorded in\n"
		"meta.json for --resume); --order fixed runs arch by arch, size by\n"
		"size, variant by variant. Each sample records run_round and\n"
		"run_position.\n"
		"\nscenarios:\n");
	mhp_scenario_list(f);
	fputc('\n', f);
}

int mhp_cmd_run(int argc, char **argv, const char *top)
{
	static struct mhp_opts o;
	static struct arch_run ar[MHP_MAX_ARCHES];
	static struct mhp_meta_arch ma[MHP_MAX_ARCHES];
	struct mhp_run r = { 0 };
	struct mhp_meta meta = { .opts = &o, .arches = ma };
	const struct mhp_scenario *sc;
	const char *accel = "tcg";
	char err[512], why[512] = "", started[32], finished[32], sz[32];
	int i, n, x, z;
	bool resume = argc == 3 && !strcmp(argv[1], "--resume");

	/* Run dirs, logs and sockets are the user's alone. */
	umask(077);
	if (argc >= 2 && !strcmp(argv[1], "--resume") && !resume) {
		fprintf(stderr, "mhpbench: --resume takes a run dir and nothing else\n");
		return MHP_EXIT_USAGE;
	}
	if (resume && resume_args(argv[2], &argc, &argv))
		return MHP_EXIT_USAGE;
	meta.argc = argc;
	meta.argv = argv;
	if (mhp_opts_parse(argc, argv, top, &o, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		return MHP_EXIT_USAGE;
	}
	sc = mhp_scenario_find(o.scenario);
	for (x = 0; x < o.narches; x++)
		if (load_arch(&o, o.arches[x], &ar[x]))
			return MHP_EXIT_USAGE;
	if (make_run_dir(&r, &o, resume)) {
		fprintf(stderr, "mhpbench: cannot create %s: %s%s\n", r.dir,
			strerror(errno), errno == EEXIST ? " (use --resume)" : "");
		return MHP_EXIT_USAGE;
	}
	if (run_dir_writable(&r)) {
		unwritten(r.dir, "");
		return MHP_EXIT_USAGE;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	r.arch = o.arch;
	r.scenario = sc->name;
	utc_now(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ");

	if (choose_accels(ar, ma, o.narches, &r, &accel, why, sizeof(why)))
		return MHP_EXIT_USAGE;
	for (x = 0; x < o.narches; x++)
		for (z = 0; z < o.nsizes; z++)
			if (!mhp_size_fits(&ar[x].a, o.sizes[z])) {
				mhp_size_format(o.sizes[z], sz, sizeof(sz));
				fprintf(stderr, "mhpbench: %s: size %s skipped (not whole memory blocks of this arch, or over its maxmem)\n",
					ar[x].a.name, sz);
			}
	meta.narches = o.narches;
	for (x = 0; x < o.narches; x++)
		ma[x].nkernels = o.nvariants;
	meta.accel = accel;
	meta.accel_why = why;
	meta.qemu_version = qemu_version;
	meta.started = started;
	mhp_meta_write(&r, &meta);

	for (n = 0; n < o.samples; n++)
		run_round(&o, ar, sc, &r, n);
	/*
	 * samples.csv and outcomes.csv once more: samples a resumed run took
	 * from samples/ after its last new one are in no write yet.
	 */
	if (mhp_run_write(&r)) {
		unwritten(r.dir, "");
		return 1;
	}

	utc_now(finished, sizeof(finished), "%Y-%m-%dT%H:%M:%SZ");
	meta.finished = finished;
	if (mhp_meta_write(&r, &meta))
		fprintf(stderr, "mhpbench: cannot write meta.json\n");
	/* Mixed accelerators: the summary says which arch had which. */
	if (!strcmp(accel, "auto")) {
		static char label[256];
		int w = 0;

		for (x = 0; x < o.narches && w >= 0 && (size_t)w < sizeof(label); x++)
			w += snprintf(label + w, sizeof(label) - w, "%s%s %s",
				      x ? ", " : "", ar[x].a.name, ar[x].ctx.accel);
		accel = label;
	}
	write_summary(&r, accel, sc);
	printf("\nresults: %s\n", r.dir);
	for (i = 0; i < r.nsamples; i++)
		mhp_sample_free(&r.samples[i]);
	free(r.samples);
	for (x = 0; x < o.narches; x++)
		for (i = 0; i < o.nvariants; i++)
			mhp_kernel_free(&ar[x].k[i]);
	return 0;
}
