// SPDX-License-Identifier: GPL-2.0
/* A virtio-serial port found by its name: the guest driver's control port,
 * and the QMP port of a LAVA guest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vport.h"

#define VPORTS "/sys/class/virtio-ports"

static int port_is(const char *port, const char *name)
{
	char path[300], buf[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), VPORTS "/%s/name", port);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return !strcmp(buf, name);
}

int mhp_vport_open(const char *name)
{
	char path[300];
	struct dirent *de;
	int fd = -1;
	DIR *d;

	errno = 0;
	d = opendir(VPORTS);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !port_is(de->d_name, name))
			continue;
		snprintf(path, sizeof(path), "/dev/%s", de->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		break;
	}
	closedir(d);
	if (fd < 0 && !errno)
		errno = ENOENT;
	return fd;
}
