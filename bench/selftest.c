// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own memory hotplug selftest, guest side: run
 * tools/testing/selftests/memory-hotplug/mem-on-off-test.sh (put into the
 * selftest image with Debian's bash) with bash, and send its output and
 * exit status to the host. The host hot-adds and onlines a DIMM first, so
 * the script has hot-added memory to offline and online again.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "guest.h"

#define SELFTEST_SCRIPT "/selftest/mem-on-off-test.sh"
#define OUT_MAX (256 * 1024)

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

int selftest_run(struct guest *g, const struct mhp_msg *m)
{
	static char out[OUT_MAX];
	long long timeout_ms;
	int pipefd[2], status;
	uint64_t t0;
	size_t len;
	pid_t pid, reaped;

	if (mhp_msg_get_ll(m, "timeout_ms", &timeout_ms) || timeout_ms <= 0)
		return fail(g, "bad_SELFTEST_arguments");
	if (access("/bin/bash", X_OK) || access(SELFTEST_SCRIPT, R_OK))
		return fail(g, "no_bash_or_no_selftest_in_the_image");
	/* The error injection part needs debugfs; the kernel may lack it. */
	mkdir("/sys/kernel/debug", 0700);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
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
		execl("/bin/bash", "bash", SELFTEST_SCRIPT, (char *)NULL);
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
