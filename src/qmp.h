/* SPDX-License-Identifier: GPL-2.0 */
/* A small QMP client over a unix socket (json-c). */
#ifndef MHP_QMP_H
#define MHP_QMP_H

#include <stddef.h>
#include <json-c/json.h>

struct mhp_qmp;

/* Connect to the QMP socket at path, retrying until timeout_ms passes
 * (QEMU creates it shortly after start), read the greeting and enter
 * command mode (qmp_capabilities). NULL with a one-line reason in err.
 */
struct mhp_qmp *mhp_qmp_open(const char *path, int timeout_ms,
			     char *err, size_t errlen);

/* Connect over an already connected fd: a socketpair (tests), or a
 * virtio-serial port to QEMU's QMP from inside the guest (mhpbench lava).
 */
struct mhp_qmp *mhp_qmp_open_fd(int fd, int timeout_ms, char *err, size_t errlen);

/* QEMU version from the greeting: "7.2.22". */
const char *mhp_qmp_version(const struct mhp_qmp *q);

/*
 * Execute a command with arguments (may be NULL; ownership stays with the
 * caller) and wait up to timeout_ms for its reply. Events that arrive in
 * between are kept (see mhp_qmp_event_seen). On success returns 0 and,
 * when ret is not NULL, a new reference to the "return" object. On an
 * "error" reply, a timeout or a closed socket returns -1 with one line
 * in err ("device_add: <desc>").
 */
int mhp_qmp_exec(struct mhp_qmp *q, const char *cmd, json_object *args,
		 json_object **ret, int timeout_ms, char *err, size_t errlen);

/* Wait up to timeout_ms for an event named name (already received ones
 * count); 0 when seen, -1 on timeout or error.
 */
int mhp_qmp_wait_event(struct mhp_qmp *q, const char *name, int timeout_ms);

/* Number of events named name received so far. */
int mhp_qmp_event_seen(const struct mhp_qmp *q, const char *name);

/*
 * Like mhp_qmp_wait_event, but until count events named name have been
 * received in total (for the n-th DEVICE_DELETED of a run).
 */
int mhp_qmp_wait_event_count(struct mhp_qmp *q, const char *name, int count,
			     int timeout_ms);

/*
 * The events received so far (a json array of the last 1024 event
 * objects, oldest first); borrowed, valid until mhp_qmp_close.
 */
json_object *mhp_qmp_events(const struct mhp_qmp *q);

/*
 * The last error as one line ("" if none), e.g. after a failed
 * mhp_qmp_wait_event.
 */
const char *mhp_qmp_error(const struct mhp_qmp *q);

void mhp_qmp_close(struct mhp_qmp *q);

#endif
