// SPDX-License-Identifier: GPL-2.0
/*
 * KVM or TCG. A /dev/kvm that exists can still fail (nested, an MSR the
 * host refuses), so "auto" boots the first kernel under KVM once and uses
 * KVM only when that boot reaches the guest driver. A working KVM prints
 * the kernel's first console line well within a second and reaches the
 * guest driver in about one; TCG needs 3 s and more. So the probe gives
 * up after PROBE_SILENCE_MS without console output (or without new
 * output), not after a fixed wait, and its verdict is kept in the cache
 * directory per arch profile, host kernel and QEMU version: the next run
 * on the same host pays nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "accel.h"
#include "conf.h"
#include "guest.h"
#include "results.h"
#include "timeutil.h"

/* A boot that keeps printing gets this long to reach the guest driver. */
#define PROBE_MAX_MS 20000
/* A console silent this long (from the start or since its last line). */
#define PROBE_SILENCE_MS 3000

enum mhp_probe mhp_accel_probe_state(uint64_t elapsed_ms, uint64_t quiet_ms)
{
	if (quiet_ms >= PROBE_SILENCE_MS)
		return MHP_PROBE_SILENT;
	if (elapsed_ms >= PROBE_MAX_MS)
		return MHP_PROBE_SLOW;
	return MHP_PROBE_WAIT;
}

/* What the verdict depends on: host kernel, QEMU, machine, CPU model. */
struct probe_key {
	char kernel[128];
	char qemu[160];
	char machine[256];
	char cpu[64];
};

/* The cache directory: $MHP_CACHE, as kernels/lib.sh finds it. */
static bool cache_dir(char *buf, size_t len)
{
	const char *c = getenv("MHP_CACHE"), *x = getenv("XDG_CACHE_HOME");
	const char *h = getenv("HOME");

	if (c && *c)
		snprintf(buf, len, "%s", c);
	else if (x && *x)
		snprintf(buf, len, "%s/mhpbench", x);
	else if (h && *h)
		snprintf(buf, len, "%s/.cache/mhpbench", h);
	else
		return false;
	return true;
}

/* The first line of `QEMU --version`, run without a shell. */
static void qemu_version(const char *qemu, char *buf, size_t len)
{
	int fd[2], nul, st;
	ssize_t n;
	pid_t pid;

	snprintf(buf, len, "unknown");
	if (pipe2(fd, O_CLOEXEC))
		return;
	pid = fork();
	if (pid == 0) {
		nul = open("/dev/null", O_RDWR);
		dup2(fd[1], 1);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 2);
		}
		execlp(qemu, qemu, "--version", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	n = pid > 0 ? read(fd[0], buf, len - 1) : -1;
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	if (n <= 0) {
		snprintf(buf, len, "unknown");
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static void cache_path(const char *dir, const struct mhp_arch *a, char *buf,
		       size_t len)
{
	snprintf(buf, len, "%s/kvm-probe/%s.conf", dir, a->name);
}

/* A cached verdict for exactly this key: its accelerator and why. */
static const char *cache_read(const char *path, const struct probe_key *k,
			      char *why, size_t len)
{
	static const char *const keys[] = {
		"host_kernel", "qemu", "machine", "cpu", "accelerator",
		"reason", "probed", NULL
	};
	static struct mhp_conf c;
	const char *acc;
	char err[256];

	if (access(path, R_OK) || mhp_conf_load(path, &c, err, sizeof(err)) ||
	    mhp_conf_check(&c, keys, keys, err, sizeof(err)))
		return NULL;
	if (strcmp(mhp_conf_get(&c, "host_kernel"), k->kernel) ||
	    strcmp(mhp_conf_get(&c, "qemu"), k->qemu) ||
	    strcmp(mhp_conf_get(&c, "machine"), k->machine) ||
	    strcmp(mhp_conf_get(&c, "cpu"), k->cpu))
		return NULL;
	acc = mhp_conf_get(&c, "accelerator");
	if (strcmp(acc, "kvm") && strcmp(acc, "tcg"))
		return NULL;
	snprintf(why, len, "cached verdict from %s (%s): %s",
		 mhp_conf_get(&c, "probed"), path, mhp_conf_get(&c, "reason"));
	return !strcmp(acc, "kvm") ? "kvm" : "tcg";
}

static void cache_write(const char *dir, const char *path,
			const struct probe_key *k, const char *accel,
			const char *why)
{
	char sub[PATH_MAX + 16], stamp[32], *buf = NULL;
	time_t t = time(NULL);
	size_t blen = 0;
	struct tm tm;
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/kvm-probe", dir);
	mkdir(dir, 0755);
	mkdir(sub, 0755);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	f = open_memstream(&buf, &blen);
	if (!f)
		return;
	fprintf(f, "# mhpbench: the KVM probe's verdict; delete to probe again\n");
	fprintf(f, "host_kernel = %s\nqemu = %s\nmachine = %s\ncpu = %s\n",
		k->kernel, k->qemu, k->machine, k->cpu);
	fprintf(f, "accelerator = %s\nreason = %s\nprobed = %s\n", accel, why,
		stamp);
	if (!fclose(f) && mhp_write_atomic(path, buf, blen))
		fprintf(stderr, "mhpbench: cannot write %s (the KVM probe runs again next time)\n",
			path);
	free(buf);
}

/* The first line of a log, trimmed, or "" */
static void first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, len, f))
		buf[strcspn(buf, "\r\n")] = '\0';
	fclose(f);
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_size;
}

/* Boot k under KVM: 0 when it reaches the guest driver, else why not. */
static int kvm_boot(const struct mhp_ctx *ctx, const struct mhp_kernel *k,
		    const char *logdir, char *why, size_t len)
{
	uint64_t t0, last;
	struct mhp_guest g;
	struct mhp_msg m;
	char err[256], line[160], path[PATH_MAX + 16];
	enum mhp_probe st = MHP_PROBE_WAIT;
	bool hello = false;
	long seen = 0, n;
	int ret = 0;

	mkdir(logdir, 0700);
	snprintf(path, sizeof(path), "%s/qemu.log", logdir);
	if (mhp_guest_start(ctx, k, "kvm", logdir, &g, err, sizeof(err))) {
		first_line(path, line, sizeof(line));
		snprintf(why, len, "a KVM probe boot failed: %s", line[0] ? line : err);
		mhp_guest_stop(&g);
		return -1;
	}
	t0 = last = g.started_us;
	while (!hello && ret != -2 && st == MHP_PROBE_WAIT) {
		uint64_t now;

		mhp_guest_send(&g, "PING");
		ret = mhp_guest_recv(&g, &m, 200);
		hello = ret == 0 && !strcmp(m.verb, "HELLO");
		now = mhp_now_us();
		n = file_size(g.console);
		if (n != seen) {
			seen = n;
			last = now;
		}
		st = mhp_accel_probe_state((now - t0) / 1000, (now - last) / 1000);
	}
	if (hello) {
		snprintf(why, len, "a KVM probe boot reached the guest driver in %.1f s",
			 (mhp_now_us() - t0) / 1e6);
	} else if (ret == -2) {
		/* QEMU went away: its own words say best why. */
		mhp_guest_diagnose(&g, err, sizeof(err));
		first_line(path, line, sizeof(line));
		snprintf(why, len, "a KVM probe boot failed: %s", line[0] ? line : err);
	} else if (st == MHP_PROBE_SILENT) {
		snprintf(why, len, "a KVM probe boot was silent for %d s %s (KVM prints within a second)",
			 PROBE_SILENCE_MS / 1000, seen ? "after its last console line" :
			 "from the start");
	} else {
		snprintf(why, len, "a KVM probe boot did not reach the guest driver in %d s",
			 PROBE_MAX_MS / 1000);
	}
	mhp_guest_stop(&g);
	return hello ? 0 : -1;
}

const char *mhp_accel_choose(const struct mhp_ctx *ctx,
			     const struct mhp_kernel *k, const char *logdir,
			     char *why, size_t len)
{
	const char *want = ctx->opts->accel, *got;
	char dir[PATH_MAX], path[PATH_MAX + 64];
	struct probe_key key;
	struct utsname u;
	bool cache;

	if (!strcmp(want, "tcg")) {
		snprintf(why, len, "TCG requested");
		return "tcg";
	}
	uname(&u);
	if (strcmp(u.machine, ctx->arch->kvm_host)) {
		snprintf(why, len, "host is %s, KVM runs %s guests only on %s",
			 u.machine, ctx->arch->name,
			 ctx->arch->kvm_host[0] ? ctx->arch->kvm_host : "no host");
		return !strcmp(want, "kvm") ? NULL : "tcg";
	}
	if (access("/dev/kvm", R_OK | W_OK)) {
		snprintf(why, len, "no usable /dev/kvm");
		return !strcmp(want, "kvm") ? NULL : "tcg";
	}
	memset(&key, 0, sizeof(key));
	snprintf(key.kernel, sizeof(key.kernel), "%s", u.release);
	qemu_version(ctx->arch->qemu, key.qemu, sizeof(key.qemu));
	snprintf(key.machine, sizeof(key.machine), "%s", ctx->arch->machine);
	snprintf(key.cpu, sizeof(key.cpu), "%s", ctx->arch->cpu);
	cache = cache_dir(dir, sizeof(dir));
	if (cache)
		cache_path(dir, ctx->arch, path, sizeof(path));
	/* --accel kvm probes afresh: the user asked for KVM, not a memory. */
	if (cache && !strcmp(want, "auto")) {
		got = cache_read(path, &key, why, len);
		if (got)
			return got;
	}
	got = kvm_boot(ctx, k, logdir, why, len) ? "tcg" : "kvm";
	if (cache)
		cache_write(dir, path, &key, got, why);
	if (!strcmp(got, "tcg") && !strcmp(want, "kvm"))
		return NULL;
	return got;
}
