// SPDX-License-Identifier: GPL-2.0
/*
 * mem-on-off-test.sh's output, line by line. Its own lines (echo) tell
 * which blocks it onlined and offlined; bash -x trace lines ("+ ", "++ "
 * when nested) tell which blocks the error injection part asked to fail:
 * that part prints nothing of its own unless something goes wrong.
 */
#include <stdio.h>
#include <string.h>

#include "selftest_out.h"

static bool starts(const char *line, const char *prefix)
{
	return !strncmp(line, prefix, strlen(prefix));
}

/* A bash -x trace line calling fn with a block number. */
static bool traced_call(const char *line, const char *fn)
{
	size_t n = strlen(fn);

	if (*line != '+')
		return false;
	line += strspn(line, "+");
	if (*line++ != ' ' || strncmp(line, fn, n) || line[n] != ' ')
		return false;
	line += n + 1;
	return *line >= '0' && *line <= '9';
}

static void one_line(const char *line, struct mhp_selftest_out *o)
{
	if (traced_call(line, "online_memory_expect_fail"))
		o->inject_online++;
	else if (traced_call(line, "offline_memory_expect_fail"))
		o->inject_offline++;
	if (*line == '+')
		return;
	line += strspn(line, " \t");
	if (starts(line, "offline->online memory"))
		o->onlined++;
	else if (!strcmp(line, "-> Success"))
		o->offlined++;
	else if (!strcmp(line, "-> Failure"))
		o->offline_failed++;
	else if (starts(line, "Test with memory notifier error injection"))
		o->injection = true;
	else if ((starts(line, "skip all tests:") ||
		  starts(line, "skip extra tests:")) && !o->skip[0])
		snprintf(o->skip, sizeof(o->skip), "%s", line);
	else if (strstr(line, ": unexpected "))
		o->unexpected++;
}

void mhp_selftest_parse(const char *text, struct mhp_selftest_out *o)
{
	char line[512];

	memset(o, 0, sizeof(*o));
	while (*text) {
		size_t n = strcspn(text, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		one_line(line, o);
		text += n;
		if (*text)
			text++;
	}
}

void mhp_selftest_parse_console(const char *text, struct mhp_selftest_out *o)
{
	static const char msg[] = "Injecting error (";
	const char *p = text;

	o->kernel_inject_online = 0;
	o->kernel_inject_offline = 0;
	while ((p = strstr(p, msg))) {
		p += strlen(msg);
		p += strspn(p, "-0123456789");
		if (starts(p, ") to MEM_GOING_ONLINE"))
			o->kernel_inject_online++;
		else if (starts(p, ") to MEM_GOING_OFFLINE"))
			o->kernel_inject_offline++;
	}
}

int mhp_selftest_verdict(const struct mhp_selftest_out *o, long blocks,
			 char *why, size_t len)
{
	if (o->skip[0])
		snprintf(why, len, "the script skipped: %s", o->skip);
	else if (o->unexpected)
		snprintf(why, len, "%ld unexpected results", o->unexpected);
	else if (o->onlined < blocks)
		snprintf(why, len, "the script onlined %ld blocks, not the %ld hot-added",
			 o->onlined, blocks);
	else if (o->offlined < blocks)
		snprintf(why, len, "the script offlined %ld of the %ld hot-added blocks (%ld failed)",
			 o->offlined, blocks, o->offline_failed);
	else if (!o->injection)
		snprintf(why, len, "the script never reached its error injection tests");
	else if (o->inject_online < blocks)
		snprintf(why, len, "%ld of the %ld hot-added blocks were made to fail onlining (memory notifier error injection)",
			 o->inject_online, blocks);
	else if (o->inject_offline < blocks)
		snprintf(why, len, "%ld of the %ld hot-added blocks were made to fail offlining (memory notifier error injection)",
			 o->inject_offline, blocks);
	else if (o->kernel_inject_online < blocks ||
		 o->kernel_inject_offline < blocks)
		snprintf(why, len, "the kernel injected %ld onlining and %ld offlining errors, not %ld of each",
			 o->kernel_inject_online, o->kernel_inject_offline,
			 blocks);
	else
		return 0;
	return -1;
}
