// SPDX-License-Identifier: GPL-2.0
/*
 * A small QMP client over a unix socket (json-c).
 *
 * QEMU sends one JSON object per line, but nothing here relies on that:
 * bytes are fed to a json_tokener as they arrive, so one read may hold a
 * part of an object or several objects. Every wait is a poll() bounded by
 * a CLOCK_MONOTONIC deadline; a negative timeout_ms waits forever.
 *
 * Errors that leave the stream unusable (EOF, malformed or oversized
 * input, a non-object value, a failed or partial send) are sticky: every
 * later call fails at once with the same message. A timeout or an error
 * reply is not: the late reply is recognised by its id and dropped.
 *
 * The fd may also be a character device: the guest's end of a
 * virtio-serial port that QEMU connected to its own QMP socket (mhpbench
 * lava), read and written with read() and write().
 *
 * mhp_qmp_open_fd() owns fd from the call on: it is closed on failure and
 * by mhp_qmp_close().
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "compiler.h"
#include "qmp.h"

#define QMP_MAX_MSG	(1024 * 1024)	/* cap on one buffered message */
#define QMP_RBUF	65536
#define QMP_MAX_EVENTS	1024		/* events kept (oldest dropped) */
#define QMP_MAX_NAMES	256		/* distinct event names counted */
#define QMP_RETRY_MS	20		/* connect retry interval */

struct mhp_qmp {
	int fd;
	int port;		/* a character device (virtio-serial), not a socket */
	struct json_tokener *tok;
	int64_t next_id;
	size_t pending;		/* bytes fed to tok for the current message */
	int partial;		/* a non-blank byte is in the current message */
	int dead;		/* sticky failure, message in lasterr */
	size_t rpos, rlen;
	json_object *events;	/* array of the last QMP_MAX_EVENTS events */
	json_object *counts;	/* event name -> number received */
	char version[48];
	char lasterr[256];
	char rbuf[QMP_RBUF];
};

static int64_t qmp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* -1 means no deadline. */
static int64_t qmp_deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return -1;
	return qmp_now_ns() + (int64_t)timeout_ms * 1000000;
}

/* Milliseconds left for poll(), rounded up; -1 when there is no deadline. */
static int qmp_left_ms(int64_t deadline)
{
	int64_t left;

	if (deadline < 0)
		return -1;
	left = deadline - qmp_now_ns();
	if (left <= 0)
		return 0;
	left = (left + 999999) / 1000000;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Format into buf and fold it into one line of printable characters. */
static void qmp_vfmt(char *buf, size_t len, const char *fmt, va_list ap)
{
	char *p;

	if (!buf || !len)
		return;
	vsnprintf(buf, len, fmt, ap);
	for (p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* Record an error in q->lasterr (q may be NULL) and copy it to err. */
static void __printf(4, 5) qmp_err(struct mhp_qmp *q, char *err,
				    size_t errlen, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	qmp_vfmt(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (q)
		snprintf(q->lasterr, sizeof(q->lasterr), "%s", tmp);
	if (err && errlen)
		snprintf(err, errlen, "%s", tmp);
}

/* Mark the connection unusable; always returns -1. */
static int __printf(2, 3) qmp_fatal(struct mhp_qmp *q, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	qmp_vfmt(q->lasterr, sizeof(q->lasterr), fmt, ap);
	va_end(ap);
	q->dead = 1;
	return -1;
}

static void qmp_copy_err(const struct mhp_qmp *q, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", q->lasterr);
}

/* Read more bytes into rbuf: 1 on data, 0 on timeout, -1 on error. */
static int qmp_fill(struct mhp_qmp *q, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
		int left = qmp_left_ms(deadline);
		ssize_t n;
		int r;

		r = poll(&pfd, 1, left);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return qmp_fatal(q, "qmp: poll: %s", strerror(errno));
		}
		if (r == 0) {
			if (qmp_left_ms(deadline) > 0)
				continue;
			return 0;
		}
		n = q->port ? read(q->fd, q->rbuf, sizeof(q->rbuf)) :
			recv(q->fd, q->rbuf, sizeof(q->rbuf), 0);
		if (n > 0) {
			q->rpos = 0;
			q->rlen = (size_t)n;
			return 1;
		}
		if (n == 0 || errno == ECONNRESET)
			return qmp_fatal(q, "qmp: connection closed%s",
					 q->partial ? " mid-message" : "");
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			continue;
		return qmp_fatal(q, "qmp: read: %s", strerror(errno));
	}
}

static int qmp_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/*
 * Next complete JSON object from the server: 1 with a new reference in
 * *out, 0 on timeout, -1 on a (sticky) error.
 */
static int qmp_read_msg(struct mhp_qmp *q, int64_t deadline, json_object **out)
{
	*out = NULL;
	for (;;) {
		int r;

		if (q->dead)
			return -1;
		while (q->rpos < q->rlen) {
			const char *s = q->rbuf + q->rpos;
			int n = (int)(q->rlen - q->rpos);
			enum json_tokener_error jerr;
			json_object *obj;
			size_t used;

			obj = json_tokener_parse_ex(q->tok, s, n);
			jerr = json_tokener_get_error(q->tok);
			if (jerr == json_tokener_continue) {
				q->pending += (size_t)n;
				if (!q->partial && !qmp_blank(s, (size_t)n))
					q->partial = 1;
				q->rpos = q->rlen;
				if (q->pending > QMP_MAX_MSG)
					return qmp_fatal(q, "qmp: message from QEMU exceeds %d bytes",
							 QMP_MAX_MSG);
				break;
			}
			if (jerr != json_tokener_success) {
				json_object_put(obj);
				return qmp_fatal(q, "qmp: malformed JSON from QEMU: %s",
						 json_tokener_error_desc(jerr));
			}
			used = json_tokener_get_parse_end(q->tok);
			if (used == 0 || used > (size_t)n) {
				json_object_put(obj);
				return qmp_fatal(q, "qmp: JSON parser made no progress");
			}
			q->rpos += used;
			q->pending += used;
			if (q->pending > QMP_MAX_MSG) {
				json_object_put(obj);
				return qmp_fatal(q, "qmp: message from QEMU exceeds %d bytes",
						 QMP_MAX_MSG);
			}
			q->pending = 0;
			q->partial = 0;
			if (!json_object_is_type(obj, json_type_object)) {
				json_object_put(obj);
				return qmp_fatal(q, "qmp: unexpected non-object JSON value from QEMU");
			}
			*out = obj;
			return 1;
		}
		q->rpos = 0;
		q->rlen = 0;
		r = qmp_fill(q, deadline);
		if (r <= 0)
			return r;
	}
}

static int qmp_send(struct mhp_qmp *q, const char *buf, size_t len,
		    int64_t deadline, const char *cmd)
{
	size_t off = 0;

	while (off < len) {
		struct pollfd pfd = { .fd = q->fd, .events = POLLOUT };
		ssize_t n;
		int r;

		n = q->port ? write(q->fd, buf + off, len - off) :
			send(q->fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)
			return qmp_fatal(q, "qmp: connection closed");
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return qmp_fatal(q, "qmp: send %s: %s", cmd,
					 strerror(errno));
		r = poll(&pfd, 1, qmp_left_ms(deadline));
		if (r < 0 && errno != EINTR)
			return qmp_fatal(q, "qmp: poll: %s", strerror(errno));
		if (r == 0 && qmp_left_ms(deadline) == 0)
			return qmp_fatal(q, "qmp: timeout sending %s", cmd);
	}
	return 0;
}

static void qmp_note_event(struct mhp_qmp *q, const char *name,
			   json_object *msg)
{
	json_object *c;

	if (json_object_object_get_ex(q->counts, name, &c))
		json_object_int_inc(c, 1);
	else if (json_object_object_length(q->counts) < QMP_MAX_NAMES)
		json_object_object_add(q->counts, name, json_object_new_int(1));

	json_object_array_add(q->events, msg);
	if (json_object_array_length(q->events) > QMP_MAX_EVENTS)
		json_object_array_del_idx(q->events, 0, 1);
}

/* If msg is an event, keep it (taking the reference) and return 1. */
static int qmp_take_event(struct mhp_qmp *q, json_object *msg)
{
	json_object *ev;

	if (!json_object_object_get_ex(msg, "event", &ev) ||
	    !json_object_is_type(ev, json_type_string) ||
	    json_object_object_get_ex(msg, "return", NULL) ||
	    json_object_object_get_ex(msg, "error", NULL))
		return 0;
	qmp_note_event(q, json_object_get_string(ev), msg);
	return 1;
}

static const char *qmp_error_desc(json_object *msg)
{
	json_object *e, *d;

	if (json_object_object_get_ex(msg, "error", &e) &&
	    json_object_object_get_ex(e, "desc", &d) &&
	    json_object_is_type(d, json_type_string))
		return json_object_get_string(d);
	if (json_object_object_get_ex(msg, "error", &e) &&
	    json_object_object_get_ex(e, "class", &d) &&
	    json_object_is_type(d, json_type_string))
		return json_object_get_string(d);
	return "error reply without desc";
}

static int qmp_exec_deadline(struct mhp_qmp *q, const char *cmd,
			     json_object *args, json_object **ret,
			     int64_t deadline, char *err, size_t errlen)
{
	json_object *req, *msg, *v;
	const char *s;
	size_t len;
	char *line;
	int64_t id;
	int r;

	if (ret)
		*ret = NULL;
	if (!q || !cmd) {
		if (err && errlen)
			snprintf(err, errlen, "qmp: invalid argument");
		return -1;
	}
	if (q->dead) {
		qmp_copy_err(q, err, errlen);
		return -1;
	}
	if (args && !json_object_is_type(args, json_type_object)) {
		qmp_err(q, err, errlen, "qmp: %s: arguments are not an object",
			cmd);
		return -1;
	}

	id = q->next_id++;
	req = json_object_new_object();
	if (!req) {
		qmp_err(q, err, errlen, "qmp: out of memory");
		return -1;
	}
	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "arguments", json_object_get(args));
	json_object_object_add(req, "id", json_object_new_int64(id));
	s = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
	len = s ? strlen(s) : 0;
	line = s ? malloc(len + 2) : NULL;
	if (!line) {
		json_object_put(req);
		qmp_err(q, err, errlen, "qmp: out of memory");
		return -1;
	}
	memcpy(line, s, len);
	line[len++] = '\n';
	line[len] = '\0';
	json_object_put(req);
	r = qmp_send(q, line, len, deadline, cmd);
	free(line);
	if (r < 0) {
		qmp_copy_err(q, err, errlen);
		return -1;
	}

	for (;;) {
		r = qmp_read_msg(q, deadline, &msg);
		if (r == 0) {
			qmp_err(q, err, errlen,
				"qmp: timeout waiting for reply to %s", cmd);
			return -1;
		}
		if (r < 0) {
			qmp_copy_err(q, err, errlen);
			return -1;
		}
		if (qmp_take_event(q, msg))
			continue;
		if (json_object_object_get_ex(msg, "id", &v)) {
			if (!json_object_is_type(v, json_type_int) ||
			    json_object_get_int64(v) != id) {
				/* a late reply to an earlier command */
				json_object_put(msg);
				continue;
			}
		} else if (!json_object_object_get_ex(msg, "error", NULL)) {
			json_object_put(msg);
			continue;
		}
		/*
		 * Our reply, or an error without id (a request QEMU could
		 * not even parse): either way it answers this command.
		 */
		if (json_object_object_get_ex(msg, "error", NULL)) {
			qmp_err(q, err, errlen, "qmp: %s: %s", cmd,
				qmp_error_desc(msg));
			json_object_put(msg);
			return -1;
		}
		if (!json_object_object_get_ex(msg, "return", &v)) {
			qmp_err(q, err, errlen,
				"qmp: %s: reply without return or error", cmd);
			json_object_put(msg);
			return -1;
		}
		if (ret)
			*ret = json_object_get(v);
		json_object_put(msg);
		return 0;
	}
}

int mhp_qmp_exec(struct mhp_qmp *q, const char *cmd, json_object *args,
		 json_object **ret, int timeout_ms, char *err, size_t errlen)
{
	return qmp_exec_deadline(q, cmd, args, ret, qmp_deadline(timeout_ms),
				 err, errlen);
}

static int qmp_get_int(json_object *o, const char *key, int *val)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	*val = json_object_get_int(v);
	return 0;
}

static void qmp_parse_version(struct mhp_qmp *q, json_object *greeting)
{
	json_object *o;
	int major, minor, micro;

	snprintf(q->version, sizeof(q->version), "unknown");
	if (!json_object_object_get_ex(greeting, "QMP", &o) ||
	    !json_object_object_get_ex(o, "version", &o) ||
	    !json_object_object_get_ex(o, "qemu", &o))
		return;
	if (qmp_get_int(o, "major", &major) ||
	    qmp_get_int(o, "minor", &minor) ||
	    qmp_get_int(o, "micro", &micro))
		return;
	snprintf(q->version, sizeof(q->version), "%d.%d.%d",
		 major, minor, micro);
}

/* Takes fd: read the greeting and negotiate capabilities. */
static struct mhp_qmp *qmp_start(int fd, int64_t deadline, char *err,
				 size_t errlen)
{
	struct mhp_qmp *q;
	struct stat st;
	json_object *msg;
	int r;

	q = calloc(1, sizeof(*q));
	if (!q) {
		close(fd);
		qmp_err(NULL, err, errlen, "qmp: out of memory");
		return NULL;
	}
	q->fd = fd;
	q->port = !fstat(fd, &st) && !S_ISSOCK(st.st_mode);
	q->next_id = 1;
	q->tok = json_tokener_new();
	q->events = json_object_new_array();
	q->counts = json_object_new_object();
	if (!q->tok || !q->events || !q->counts) {
		qmp_err(NULL, err, errlen, "qmp: out of memory");
		goto fail;
	}

	r = qmp_read_msg(q, deadline, &msg);
	if (r == 0) {
		qmp_err(q, err, errlen, "qmp: timeout waiting for QMP greeting");
		goto fail;
	}
	if (r < 0) {
		qmp_copy_err(q, err, errlen);
		goto fail;
	}
	if (!json_object_object_get_ex(msg, "QMP", NULL)) {
		json_object_put(msg);
		qmp_err(q, err, errlen, "qmp: expected QMP greeting");
		goto fail;
	}
	qmp_parse_version(q, msg);
	json_object_put(msg);

	if (qmp_exec_deadline(q, "qmp_capabilities", NULL, NULL, deadline,
			      err, errlen))
		goto fail;
	return q;
fail:
	mhp_qmp_close(q);
	return NULL;
}

struct mhp_qmp *mhp_qmp_open_fd(int fd, int timeout_ms, char *err,
				size_t errlen)
{
	int fl;

	if (fd < 0) {
		qmp_err(NULL, err, errlen, "qmp: invalid fd");
		return NULL;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		qmp_err(NULL, err, errlen, "qmp: fcntl: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	return qmp_start(fd, qmp_deadline(timeout_ms), err, errlen);
}

struct mhp_qmp *mhp_qmp_open(const char *path, int timeout_ms,
			     char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int64_t deadline = qmp_deadline(timeout_ms);
	int fd, e, left;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path)) {
		qmp_err(NULL, err, errlen, "qmp: bad socket path");
		return NULL;
	}
	memcpy(sa.sun_path, path, strlen(path));

	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    0);
		if (fd < 0) {
			qmp_err(NULL, err, errlen, "qmp: socket: %s",
				strerror(errno));
			return NULL;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		e = errno;
		close(fd);
		if (e != ENOENT && e != ECONNREFUSED && e != EAGAIN &&
		    e != EINPROGRESS && e != EINTR) {
			qmp_err(NULL, err, errlen, "qmp: connect %s: %s", path,
				strerror(e));
			return NULL;
		}
		left = qmp_left_ms(deadline);
		if (left == 0) {
			qmp_err(NULL, err, errlen,
				"qmp: connect %s: %s (gave up after %d ms)",
				path, strerror(e), timeout_ms);
			return NULL;
		}
		if (left < 0 || left > QMP_RETRY_MS)
			left = QMP_RETRY_MS;
		poll(NULL, 0, left);
	}
	return qmp_start(fd, deadline, err, errlen);
}

const char *mhp_qmp_version(const struct mhp_qmp *q)
{
	return q ? q->version : "";
}

int mhp_qmp_event_seen(const struct mhp_qmp *q, const char *name)
{
	json_object *c;

	if (!q || !name || !json_object_object_get_ex(q->counts, name, &c))
		return 0;
	return json_object_get_int(c);
}

int mhp_qmp_wait_event_count(struct mhp_qmp *q, const char *name, int count,
			     int timeout_ms)
{
	int64_t deadline = qmp_deadline(timeout_ms);
	json_object *msg;
	int r;

	if (!q || !name)
		return -1;
	for (;;) {
		if (mhp_qmp_event_seen(q, name) >= count)
			return 0;
		r = qmp_read_msg(q, deadline, &msg);
		if (r == 0) {
			qmp_err(q, NULL, 0, "qmp: timeout waiting for event %s",
				name);
			return -1;
		}
		if (r < 0)
			return -1;
		if (!qmp_take_event(q, msg))
			json_object_put(msg);	/* a late reply */
	}
}

int mhp_qmp_wait_event(struct mhp_qmp *q, const char *name, int timeout_ms)
{
	return mhp_qmp_wait_event_count(q, name, 1, timeout_ms);
}

json_object *mhp_qmp_events(const struct mhp_qmp *q)
{
	return q ? q->events : NULL;
}

const char *mhp_qmp_error(const struct mhp_qmp *q)
{
	return q ? q->lasterr : "";
}

void mhp_qmp_close(struct mhp_qmp *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	if (q->tok)
		json_tokener_free(q->tok);
	json_object_put(q->events);
	json_object_put(q->counts);
	free(q);
}
