// SPDX-License-Identifier: GPL-2.0
/* Per-node meminfo and the OOM killer's report lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nodemem.h"

static const char node1[] =
	"Node 1 MemTotal:          131072 kB\n"
	"Node 1 MemFree:           126976 kB\n"
	"Node 1 MemUsed:             4096 kB\n"
	"Node 1 Active:                 0 kB\n"
	"Node 1 HugePages_Total:     0\n";

static void test_node_meminfo(void **state)
{
	struct mhp_meminfo mi;
	int node;

	(void)state;
	assert_int_equal(mhp_node_meminfo_parse(node1, &node, &mi), 0);
	assert_int_equal(node, 1);
	assert_int_equal(mi.mem_total_kb, 131072);
	assert_int_equal(mi.mem_free_kb, 126976);
	assert_int_equal(mi.mem_available_kb, -1);
}

static void test_node_meminfo_bad(void **state)
{
	struct mhp_meminfo mi;
	int node;

	(void)state;
	/* Two nodes in one file, no prefix, no MemFree, nothing. */
	assert_int_equal(mhp_node_meminfo_parse(
		"Node 1 MemTotal: 1 kB\nNode 0 MemFree: 1 kB\n", &node, &mi), -1);
	assert_int_equal(mhp_node_meminfo_parse("MemTotal: 1 kB\nMemFree: 1 kB\n",
						&node, &mi), -1);
	assert_int_equal(mhp_node_meminfo_parse("Node 1 MemTotal: 1 kB\n", &node,
						&mi), -1);
	assert_int_equal(mhp_node_meminfo_parse("", &node, &mi), -1);
	assert_int_equal(mhp_node_meminfo_parse(NULL, &node, &mi), -1);
	assert_int_equal(node, -1);
}

static void test_oom_kill(void **state)
{
	char comm[16];
	long pid;

	(void)state;
	/* /dev/kmsg, console and cgroup forms of the 6.1 report. */
	assert_int_equal(mhp_oom_kill_parse(
		"3,812,41234567,-;Out of memory: Killed process 97 (stress-ng-vm) total-vm:381212kB, anon-rss:360000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:760kB oom_score_adj:1000",
		&pid, comm, sizeof(comm)), 0);
	assert_int_equal(pid, 97);
	assert_string_equal(comm, "stress-ng-vm");
	assert_int_equal(mhp_oom_kill_parse(
		"[   12.345678] Out of memory: Killed process 5 (a) b) total-vm:1kB",
		&pid, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "a) b");
	assert_int_equal(mhp_oom_kill_parse(
		"Memory cgroup out of memory: Killed process 12 (hog) total-vm:1kB",
		&pid, comm, sizeof(comm)), 0);
	assert_int_equal(pid, 12);
}

static void test_oom_kill_bad(void **state)
{
	char comm[4];
	long pid;

	(void)state;
	assert_int_equal(mhp_oom_kill_parse("oom-kill:constraint=CONSTRAINT_NONE",
					    &pid, comm, sizeof(comm)), -1);
	assert_int_equal(mhp_oom_kill_parse("Out of memory: Killed process x (a)",
					    &pid, comm, sizeof(comm)), -1);
	assert_int_equal(mhp_oom_kill_parse("Out of memory: Killed process 1 (a",
					    &pid, comm, sizeof(comm)), -1);
	/* A name longer than the buffer. */
	assert_int_equal(mhp_oom_kill_parse("Out of memory: Killed process 1 (abcd) x",
					    &pid, comm, sizeof(comm)), -1);
	assert_int_equal(mhp_oom_kill_parse(NULL, &pid, comm, sizeof(comm)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_meminfo),
		cmocka_unit_test(test_node_meminfo_bad),
		cmocka_unit_test(test_oom_kill),
		cmocka_unit_test(test_oom_kill_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
