// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel uevents, as alloc_uevent_skb() in lib/kobject_uevent.c builds
 * them: a header "ACTION@DEVPATH" and its NUL, then the environment, one
 * NUL-terminated "KEY=VALUE" after the other (ACTION, DEVPATH, SUBSYSTEM,
 * ..., SEQNUM). The length the socket returned is the only bound: the
 * buffer is never read past it, whatever NULs it holds or lacks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "uevent.h"

/* A piece of the buffer: not NUL-terminated, so always with its length. */
struct span {
	const char *p;
	size_t n;
};

struct uevent_parts {
	struct span action, devpath, subsystem;
	int has_action, has_devpath, has_subsystem;
};

/* Copy a span into a field; a value that does not fit is refused. */
static int span_copy(char *dst, size_t size, struct span s)
{
	if (s.n >= size)
		return -1;
	if (s.n)
		memcpy(dst, s.p, s.n);
	dst[s.n] = '\0';
	return 0;
}

/* Keep the value of the keys we want; the first of each wins. */
static void env_var(struct uevent_parts *up, struct span var)
{
	static const char *const keys[] = {
		"ACTION=", "DEVPATH=", "SUBSYSTEM=",
	};
	struct span *dst[] = { &up->action, &up->devpath, &up->subsystem };
	int *has[] = { &up->has_action, &up->has_devpath,
		       &up->has_subsystem };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		size_t kl = strlen(keys[i]);

		if (var.n < kl || memcmp(var.p, keys[i], kl) || *has[i])
			continue;
		dst[i]->p = var.p + kl;
		dst[i]->n = var.n - kl;
		*has[i] = 1;
	}
}

/* 40 when devpath ends in "/memory40", else -1. */
static long memory_block_of(const char *devpath)
{
	const char *last = strrchr(devpath, '/');
	const char *digits;
	char *end;
	long n;

	last = last ? last + 1 : devpath;
	if (strncmp(last, "memory", 6))
		return -1;
	digits = last + 6;
	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	n = strtol(digits, &end, 10);
	if (errno || *end || n < 0)
		return -1;
	return n;
}

static int split_header(const char *buf, size_t len, struct uevent_parts *up,
			size_t *hdr_len)
{
	const char *nul = memchr(buf, '\0', len);
	const char *at;

	*hdr_len = nul ? (size_t)(nul - buf) : len;
	at = memchr(buf, '@', *hdr_len);
	if (!at)
		return -1;
	up->action.p = buf;
	up->action.n = at - buf;
	up->devpath.p = at + 1;
	up->devpath.n = *hdr_len - (at + 1 - buf);
	return 0;
}

static int fill_event(struct mhp_uevent *ev, const struct uevent_parts *up)
{
	if (!up->action.n || !up->devpath.n)
		return -1;
	if (span_copy(ev->action, sizeof(ev->action), up->action) ||
	    span_copy(ev->devpath, sizeof(ev->devpath), up->devpath) ||
	    span_copy(ev->subsystem, sizeof(ev->subsystem), up->subsystem))
		return -1;
	if (!strcmp(ev->subsystem, "memory"))
		ev->memory_block = memory_block_of(ev->devpath);
	return 0;
}

static void clear_event(struct mhp_uevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->memory_block = -1;
}

int mhp_uevent_parse(const char *buf, size_t len, struct mhp_uevent *ev)
{
	struct uevent_parts hdr = { 0 }, env = { 0 };
	size_t off;

	clear_event(ev);
	/* udevd re-broadcasts with a binary "libudev" header: not ours. */
	if (!buf || !len || (len >= 7 && !memcmp(buf, "libudev", 7)))
		return -1;
	if (split_header(buf, len, &hdr, &off))
		return -1;
	while (++off < len) {
		const char *nul = memchr(buf + off, '\0', len - off);
		struct span var = { buf + off, len - off };

		if (nul)
			var.n = nul - var.p;
		env_var(&env, var);
		off += var.n;
	}
	/* The environment is authoritative; the header fills what it lacks. */
	if (!env.has_action)
		env.action = hdr.action;
	if (!env.has_devpath)
		env.devpath = hdr.devpath;
	if (fill_event(ev, &env)) {
		/* Half an event is worse than none: leave nothing behind. */
		clear_event(ev);
		return -1;
	}
	return 0;
}
