// SPDX-License-Identifier: GPL-2.0
/*
 * The host end of the control channel (see lib/proto.h), and reading a
 * failed guest's console to say why it failed.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "timeutil.h"

int mhp_guest_send(struct mhp_guest *g, const char *fmt, ...)
{
	char line[MHP_PROTO_MAX_LINE];
	va_list ap;
	int n;

	if (g->ctl < 0)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return -1;
	line[n++] = '\n';
	return send(g->ctl, line, n, MSG_NOSIGNAL) == n ? 0 : -1;
}

static bool qemu_exited(struct mhp_guest *g)
{
	return mhp_pid_exited(g->pid);
}

#define PANIC_MARK "Kernel panic - not syncing"

/*
 * Has the guest panicked? Searches only what the console gained since the
 * last look (overlapping by the marker's length), so a guest booted with
 * panic=0, which would sit in its panic loop, is caught as early as one
 * that reboots.
 */
static bool console_panicked(struct mhp_guest *g)
{
	char buf[8192];
	size_t n;
	FILE *f = fopen(g->console, "re");
	bool found = false;

	if (!f)
		return false;
	if (fseek(f, g->console_seen, SEEK_SET) == 0) {
		while (!found && (n = fread(buf, 1, sizeof(buf) - 1, f)) > 0) {
			buf[n] = '\0';
			found = memmem(buf, n, PANIC_MARK, strlen(PANIC_MARK));
			g->console_seen += n;
			if (n >= strlen(PANIC_MARK))
				g->console_seen -= strlen(PANIC_MARK);
			if (n < sizeof(buf) - 1)
				break;
			fseek(f, g->console_seen, SEEK_SET);
		}
	}
	fclose(f);
	return found;
}

/* A name the guest may give a raw snapshot: no paths, no dot files. */
static bool raw_name_ok(const char *name)
{
	return name && *name && *name != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
	       strlen(name);
}

/*
 * An F line: a chunk of a raw snapshot from the guest, appended to
 * LOGDIR/raw/NAME. Snapshots are evidence, not results: a bad chunk is
 * reported and dropped, and the sample goes on.
 */
static void raw_chunk(struct mhp_guest *g, const struct mhp_msg *m)
{
	unsigned char buf[MHP_PROTO_FILE_CHUNK * 2];
	const char *name = mhp_msg_get(m, "name");
	const char *data = mhp_msg_get(m, "data");
	char path[PATH_MAX];
	long n = -1;
	FILE *f;

	if (raw_name_ok(name) && data)
		n = mhp_hex_decode(data, buf, sizeof(buf));
	if (n < 0) {
		fprintf(stderr, "mhpbench: ignoring a malformed snapshot chunk\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/raw", g->logdir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/raw/%s", g->logdir, name);
	f = fopen(path, "ae");
	if (!f)
		return;
	fwrite(buf, 1, n, f);
	fclose(f);
}

int mhp_guest_recv(struct mhp_guest *g, struct mhp_msg *m, int timeout_ms)
{
	uint64_t deadline = mhp_now_us() + (uint64_t)timeout_ms * 1000;

	for (;;) {
		struct pollfd p = { .fd = g->ctl, .events = POLLIN };
		int ret = mhp_msg_take_line(g->rbuf, &g->rlen, m);
		uint64_t t = mhp_now_us();
		ssize_t n;
		int wait;

		if (ret == 0 && !strcmp(m->verb, "F")) {
			raw_chunk(g, m);
			continue;
		}
		if (ret == 0)
			return 0;
		if (ret == 2)
			continue;
		if (g->rlen == sizeof(g->rbuf))
			g->rlen = 0;	/* drop an overlong line */
		if (t >= deadline)
			return -1;
		/* Wake up now and then to notice a QEMU that died. */
		wait = (deadline - t) / 1000 + 1;
		if (wait > 200)
			wait = 200;
		ret = poll(&p, 1, wait);
		if (ret < 0 && errno != EINTR)
			return -2;
		if (ret <= 0) {
			if (qemu_exited(g) || console_panicked(g))
				return -2;
			continue;
		}
		n = read(g->ctl, g->rbuf + g->rlen, sizeof(g->rbuf) - g->rlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -2;
		g->rlen += n;
	}
}

int mhp_guest_hello(struct mhp_guest *g, int timeout_ms, struct mhp_msg *m)
{
	uint64_t deadline = mhp_now_us() + (uint64_t)timeout_ms * 1000;

	/* The guest may have said HELLO before we were listening: ping. */
	while (mhp_now_us() < deadline) {
		int ret;

		mhp_guest_send(g, "PING");
		ret = mhp_guest_recv(g, m, 500);
		if (ret == -2)
			return -1;
		if (ret == 0 && !strcmp(m->verb, "HELLO"))
			return 0;
	}
	return -1;
}

/* The first console line containing needle, trimmed, into out. */
static bool console_has(const char *path, const char *needle, char *out,
			size_t len)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, needle);

		if (p) {
			p[strcspn(p, "\r\n")] = '\0';
			snprintf(out, len, "%s", p);
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

bool mhp_guest_console_has(const struct mhp_guest *g, const char *needle,
			   char *out, size_t len)
{
	return console_has(g->console, needle, out, len);
}

enum mhp_outcome mhp_guest_diagnose(struct mhp_guest *g, char *reason,
				    size_t len)
{
	char what[200];

	if (console_has(g->console, "Kernel panic", what, sizeof(what))) {
		snprintf(reason, len, "guest panic: %s", what);
		return MHP_PANIC;
	}
	if (console_has(g->console, "Out of memory", what, sizeof(what))) {
		snprintf(reason, len, "guest OOM: %s", what);
		return MHP_GUEST_ERROR;
	}
	if (qemu_exited(g)) {
		snprintf(reason, len, "QEMU exited early");
		return MHP_QEMU_EXIT;
	}
	snprintf(reason, len, "guest did not answer in time");
	return MHP_TIMEOUT;
}
