// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "accel.h"
#include "guest.h"

/* TCG reaches the guest driver in about 3 s; KVM should be faster. */
#define PROBE_TIMEOUT_MS 20000

const char *mhp_accel_choose(const struct mhp_ctx *ctx,
			     const struct mhp_kernel *k, const char *logdir,
			     char *why, size_t len)
{
	const char *want = ctx->opts->accel;
	struct mhp_guest g;
	struct mhp_msg m;
	struct utsname u;
	char err[256];
	int ret;

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
	mkdir(logdir, 0700);
	ret = mhp_guest_start(ctx, k, "kvm", logdir, &g, err, sizeof(err));
	if (!ret)
		ret = mhp_guest_hello(&g, PROBE_TIMEOUT_MS, &m);
	else
		snprintf(why, len, "KVM probe: %s", err);
	if (!ret)
		snprintf(why, len, "a KVM probe boot reached the guest driver");
	else if (!why[0] || strncmp(why, "KVM probe", 9))
		snprintf(why, len, "a KVM probe boot failed (%s/console.log)",
			 logdir);
	mhp_guest_stop(&g);
	if (!ret)
		return "kvm";
	return !strcmp(want, "kvm") ? NULL : "tcg";
}
