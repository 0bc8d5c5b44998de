// SPDX-License-Identifier: GPL-2.0
/*
 * Memory block arrival, as the kernel announces it on the uevent netlink
 * socket: no polling of sysfs, and each event is timestamped on receipt.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "guest.h"
#include "uevent.h"

int uevent_open(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,		/* the kernel's uevent group */
	};
	int rcvbuf = 1 << 20;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -1;
	/* A 2 GiB add announces 16 blocks at once: keep room for all. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

long uevent_next_block(int fd, int timeout_ms, uint64_t *when_us,
		       char *raw, size_t rawlen, size_t *got, char *action,
		       size_t alen)
{
	uint64_t deadline = now_us() + (uint64_t)timeout_ms * 1000;
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct mhp_uevent ev;
		uint64_t t = now_us();
		ssize_t n;
		int ret;

		if (t >= deadline)
			return -1;
		ret = poll(&p, 1, (deadline - t + 999) / 1000);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return -1;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			continue;
		*when_us = now_us();
		if (mhp_uevent_parse(buf, n, &ev) || ev.memory_block < 0)
			continue;
		*got = (size_t)n < rawlen ? (size_t)n : rawlen;
		memcpy(raw, buf, *got);
		snprintf(action, alen, "%s", ev.action);
		return ev.memory_block;
	}
}

long uevent_next_block_by(int fd, uint64_t deadline_us, uint64_t *when_us,
			  char *raw, size_t rawlen, size_t *got, char *action,
			  size_t alen)
{
	uint64_t t = now_us();

	if (t >= deadline_us)
		return -1;
	return uevent_next_block(fd, (deadline_us - t + 999) / 1000, when_us,
				 raw, rawlen, got, action, alen);
}

long uevent_next_block_add(int fd, int timeout_ms, uint64_t *when_us,
			   char *raw, size_t rawlen, size_t *got)
{
	uint64_t deadline = now_us() + (uint64_t)timeout_ms * 1000;
	char action[16];

	for (;;) {
		uint64_t t = now_us();
		long id;

		if (t >= deadline)
			return -1;
		id = uevent_next_block(fd, (deadline - t + 999) / 1000, when_us,
				       raw, rawlen, got, action, sizeof(action));
		if (id < 0 || !strcmp(action, "add"))
			return id;
	}
}

static int cmp_id(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

long uevent_wait_added(int fd, long *ids, long nblocks, long long timeout_ms)
{
	char raw[512], action[16];
	uint64_t t0 = now_us(), t;
	size_t len;
	long n = 0, id;

	while (n < nblocks) {
		t = now_us();
		if (t - t0 > (uint64_t)timeout_ms * 1000)
			break;
		id = uevent_next_block(fd, timeout_ms - (t - t0) / 1000, &t, raw,
				       sizeof(raw), &len, action, sizeof(action));
		if (id < 0)
			break;
		if (!strcmp(action, "add"))
			ids[n++] = id;
	}
	qsort(ids, n, sizeof(ids[0]), cmp_id);
	return n;
}
