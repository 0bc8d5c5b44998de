/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel's mem-on-off-test.sh did, read from its output (run
 * with bash -x by the guest driver, bench/selftest.c): its exit status
 * says little, since it exits 0 when its prerequisites are missing and
 * when its error injection part cannot run.
 */
#ifndef MHP_SELFTEST_OUT_H
#define MHP_SELFTEST_OUT_H

#include <stdbool.h>
#include <stddef.h>

struct mhp_selftest_out {
	long onlined;		/* "offline->online memoryN" */
	long offlined;		/* "-> Success" after "online->offline memoryN" */
	long offline_failed;	/* "-> Failure" */
	bool injection;		/* reached "Test with memory notifier error injection" */
	long inject_online;	/* traced online_memory_expect_fail calls */
	long inject_offline;	/* traced offline_memory_expect_fail calls */
	long unexpected;	/* "FUNC N: unexpected ..." lines */
	char skip[160];		/* "skip all/extra tests: ..." line, or "" */
	/* The kernel's word (console): "Injecting error (-12) to MEM_GOING_*" */
	long kernel_inject_online;
	long kernel_inject_offline;
};

/* Read the script's output (text, NUL-terminated); o starts afresh. */
void mhp_selftest_parse(const char *text, struct mhp_selftest_out *o);

/* Count the notifier error injector's messages in the guest's console. */
void mhp_selftest_parse_console(const char *text, struct mhp_selftest_out *o);

/*
 * The gate: 0 when the output shows that each of the blocks hot-added
 * blocks was onlined, offlined, failed to online and failed to offline
 * under injected notifier errors (and the kernel says it injected them),
 * and nothing unexpected happened; else -1 with the first reason why not
 * in why.
 */
int mhp_selftest_verdict(const struct mhp_selftest_out *o, long blocks,
			 char *why, size_t len);

#endif
