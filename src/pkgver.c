// SPDX-License-Identifier: GPL-2.0
/*
 * Which Debian package a file came from, and its version: provenance for
 * files the guests run that are not built here, such as the arm64 UEFI
 * firmware (whose bugs a run's figures may depend on).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pkgver.h"

/* Run argv, its stdout (first line, at most len - 1 bytes) into out. */
static int capture(const char *const *argv, char *out, size_t len)
{
	int fd[2], status, fd0;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		fd0 = open("/dev/null", O_RDWR);
		if (fd0 >= 0) {
			dup2(fd0, 0);
			dup2(fd0, 2);
		}
		dup2(fd[1], 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	while (got < (ssize_t)len - 1) {
		n = read(fd[0], out + got, len - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd[0]);
	out[got] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return out[0] ? 0 : -1;
}

int mhp_pkg_of_file(const char *path, char *pkg, size_t pkglen, char *ver,
		    size_t verlen)
{
	const char *search[4] = { "dpkg-query", "-S", path, NULL };
	const char *show[5] = { "dpkg-query", "-W", "-f=${Version}", pkg, NULL };
	char line[512];
	char *colon;

	/* "qemu-efi-aarch64: /usr/share/qemu-efi-aarch64/QEMU_EFI.fd" */
	if (!path || !*path || capture(search, line, sizeof(line)))
		return -1;
	colon = strstr(line, ": ");
	if (!colon || strchr(line, ',') || (size_t)(colon - line) >= pkglen)
		return -1;
	*colon = '\0';
	snprintf(pkg, pkglen, "%s", line);
	return capture(show, ver, verlen);
}
