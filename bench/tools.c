// SPDX-License-Identifier: GPL-2.0
/*
 * Running the guest tools (stress-ng, numactl, fio from the tools image)
 * and the driver's own work mode: argv vectors only, never a shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

bool tool_present(const char *path)
{
	return !access(path, X_OK);
}

pid_t tool_spawn(const char *const argv[], const char *log, int *out_fd)
{
	int pfd[2] = { -1, -1 };
	pid_t pid;

	if (out_fd && pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
		int nul = open("/dev/null", O_RDWR);

		/* Its own process group: the whole tool goes with one kill. */
		setpgid(0, 0);
		if (nul >= 0)
			dup2(nul, 0);
		if (out_fd)
			dup2(pfd[1], 1);
		else if (fd >= 0)
			dup2(fd, 1);
		else if (nul >= 0)
			dup2(nul, 1);
		if (fd >= 0)
			dup2(fd, 2);
		else if (out_fd)
			dup2(pfd[1], 2);
		else if (nul >= 0)
			dup2(nul, 2);
		execv(argv[0], (char *const *)argv);
		dprintf(2, "mhpbench-guest: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		setpgid(pid, pid);
	if (out_fd) {
		close(pfd[1]);
		if (pid < 0) {
			close(pfd[0]);
			return -1;
		}
		*out_fd = pfd[0];
	}
	return pid;
}

void tool_kill(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(-pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int tool_run(const char *const argv[], char *out, size_t len, int timeout_ms,
	     int *status)
{
	uint64_t deadline = now_us() + (uint64_t)timeout_ms * 1000;
	size_t got = 0;
	int fd, st = -1;
	pid_t pid;

	if (!len)
		return -1;
	pid = tool_spawn(argv, NULL, &fd);
	if (pid < 0)
		return -1;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t t = now_us();
		ssize_t n;
		int ret;

		if (t >= deadline) {
			close(fd);
			tool_kill(pid);
			out[got] = '\0';
			return -1;
		}
		ret = poll(&p, 1, (deadline - t + 999) / 1000);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			continue;
		n = read(fd, out + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
		if (got == len - 1)
			break;
	}
	close(fd);
	out[got] = '\0';
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (status)
		*status = st;
	return 0;
}
