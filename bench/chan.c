// SPDX-License-Identifier: GPL-2.0
/*
 * The guest end of the control channel: a virtio-serial port that the
 * host names "org.mhpbench.ctl", found through /sys/class/virtio-ports.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "vport.h"

#define CTL_PORT_NAME "org.mhpbench.ctl"

int chan_open(struct guest *g)
{
	g->rlen = 0;
	g->ctl = mhp_vport_open(CTL_PORT_NAME);
	return g->ctl < 0 ? -1 : 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

int chan_send(struct guest *g, const char *fmt, ...)
{
	char line[MHP_PROTO_MAX_LINE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return -1;
	line[n++] = '\n';
	return write_all(g->ctl, line, n);
}

int chan_metric(struct guest *g, long block, const char *metric,
		long long value, const char *unit)
{
	if (block < 0)
		return chan_send(g, "M block=all metric=%s value=%lld unit=%s",
				 metric, value, unit);
	return chan_send(g, "M block=%ld metric=%s value=%lld unit=%s",
			 block, metric, value, unit);
}

int chan_recv(struct guest *g, struct mhp_msg *m, int timeout_ms)
{
	uint64_t deadline = now_us() + (uint64_t)timeout_ms * 1000;

	for (;;) {
		struct pollfd p = { .fd = g->ctl, .events = POLLIN };
		int left = -1, ret = mhp_msg_take_line(g->rbuf, &g->rlen, m);
		ssize_t n;

		if (ret == 0)
			return 0;
		if (ret == 2)
			continue;	/* garbage line: skip it */
		if (g->rlen == sizeof(g->rbuf))
			g->rlen = 0;	/* an overlong line is dropped */
		if (timeout_ms >= 0) {
			uint64_t t = now_us();

			if (t >= deadline)
				return -1;
			left = (deadline - t + 999) / 1000;
		}
		ret = poll(&p, 1, left);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return -1;
		n = read(g->ctl, g->rbuf + g->rlen, sizeof(g->rbuf) - g->rlen);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			/* No host on the port yet: virtio-serial reads 0. */
			usleep(20000);
			continue;
		}
		g->rlen += n;
	}
}

int chan_file(struct guest *g, const char *name, const void *buf, size_t len)
{
	char hex[2 * MHP_PROTO_FILE_CHUNK + 1];
	const char *p = buf;
	size_t off, n;

	for (off = 0; off < len; off += n) {
		n = len - off < MHP_PROTO_FILE_CHUNK ? len - off : MHP_PROTO_FILE_CHUNK;
		mhp_hex_encode(p + off, n, hex);
		if (chan_send(g, "F name=%s data=%s", name, hex))
			return -1;
	}
	return 0;
}
