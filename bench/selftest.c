// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own memory hotplug selftest, guest side: run
 * tools/testing/selftests/memory-hotplug/mem-on-off-test.sh (put into the
 * selftest image with Debian's bash) with bash, and send its output and
 * exit status to the host. The host hot-adds a DIMM first (blocks FIRST
 * to FIRST + N - 1), so the script has hot-added memory to online,
 * offline and online again.
 *
 * The script takes every block whose "removable" reads 1 for hot-pluggable
 * memory, and since 5.8 every block reads 1: boot memory too. It offlines
 * its ratio of them (-r, 2 % by default) picked at random, so with 2 %
 * its error injection part (onlining and offlining that a memory notifier
 * makes fail) mostly ran on no block at all, and never reliably on the
 * hot-added ones, whose memmap_on_memory error paths are the point. So the
 * other blocks' "removable" reads 0 here (a file bound over it), and the
 * script runs with -r 100: every hot-added block goes through every step,
 * injected failures included, and no boot memory is offlined. bash -x
 * traces the script: the host sees which blocks each step took.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "blockstate.h"
#include "guest.h"

#define SELFTEST_SCRIPT "/selftest/mem-on-off-test.sh"
#define NOT_REMOVABLE "/selftest/removable-0"
#define OUT_MAX (1024 * 1024)

static int fail(struct guest *g, const char *reason)
{
	return chan_send(g, "DONE status=error reason=%s", reason);
}

/* Read the child's output until EOF or the deadline; bytes kept. */
static size_t collect(int fd, char *out, size_t max, uint64_t deadline)
{
	size_t len = 0;
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t t = now_us();
		ssize_t n;
		int ret;

		if (t >= deadline)
			break;
		ret = poll(&p, 1, (deadline - t + 999) / 1000);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			break;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len + n > max)
			n = max - len;
		memcpy(out + len, buf, n);
		len += n;
	}
	return len;
}

/*
 * Every memory block outside [first, first + n) reads "removable" 0 for
 * the script; the number of blocks left removable, or -1.
 */
static long scope_to(long first, long n)
{
	long id, left = 0;
	struct dirent *e;
	char path[300];
	DIR *d;
	FILE *f = fopen(NOT_REMOVABLE, "we");
	int bad;

	if (!f)
		return -1;
	bad = fputs("0\n", f) == EOF;
	if (fclose(f) || bad)
		return -1;
	d = opendir(MHP_SYS_MEMORY);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char *end;

		if (strncmp(e->d_name, "memory", 6))
			continue;
		id = strtol(e->d_name + 6, &end, 10);
		if (end == e->d_name + 6 || *end)
			continue;
		if (id >= first && id < first + n) {
			left++;
			continue;
		}
		snprintf(path, sizeof(path), MHP_SYS_MEMORY "/%s/removable",
			 e->d_name);
		if (mount(NOT_REMOVABLE, path, NULL, MS_BIND, NULL)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return left;
}

int selftest_run(struct guest *g, const struct mhp_msg *m)
{
	static char out[OUT_MAX];
	long long timeout_ms, first, n;
	int pipefd[2], status;
	uint64_t t0;
	size_t len;
	pid_t pid, reaped;

	if (mhp_msg_get_ll(m, "timeout_ms", &timeout_ms) || timeout_ms <= 0 ||
	    mhp_msg_get_ll(m, "first", &first) || first < 0 ||
	    mhp_msg_get_ll(m, "blocks", &n) || n <= 0)
		return fail(g, "bad_SELFTEST_arguments");
	if (access("/bin/bash", X_OK) || access(SELFTEST_SCRIPT, R_OK))
		return fail(g, "no_bash_or_no_selftest_in_the_image");
	/* The error injection part needs debugfs. */
	mkdir("/sys/kernel/debug", 0700);
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		return fail(g, "cannot_mount_debugfs");
	if (scope_to(first, n) != n)
		return fail(g, "cannot_leave_the_script_the_hot-added_blocks_only");
	if (pipe2(pipefd, O_CLOEXEC))
		return fail(g, "no_pipe");

	t0 = now_us();
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return fail(g, "no_fork");
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execl("/bin/bash", "bash", "-x", SELFTEST_SCRIPT, "-r", "100",
		      (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	len = collect(pipefd[0], out, sizeof(out),
		      t0 + (uint64_t)timeout_ms * 1000);
	close(pipefd[0]);
	/*
	 * EOF comes just before the script exits: wait for the exit until
	 * the deadline, not once (that raced and called a pass a timeout).
	 */
	while ((reaped = waitpid(pid, &status, WNOHANG)) == 0 &&
	       now_us() < t0 + (uint64_t)timeout_ms * 1000)
		usleep(10 * 1000);
	if (reaped != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		chan_file(g, "selftest-output", out, len);
		return fail(g, "selftest_timed_out");
	}
	chan_file(g, "selftest-output", out, len);
	chan_metric(g, -1, "selftest_us", now_us() - t0, "us");
	chan_metric(g, -1, "selftest_exit",
		    WIFEXITED(status) ? WEXITSTATUS(status) :
		    128 + WTERMSIG(status), "status");
	return chan_send(g, "DONE status=ok");
}
