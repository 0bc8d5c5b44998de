// SPDX-License-Identifier: GPL-2.0
/*
 * The QMP client against a fake QEMU: a thread on the other end of a
 * socketpair replays what QEMU 7.2 really sent (tests/fixtures/qmp, see
 * its README), checks each request the client makes, and can cut, delay
 * or spoil the byte stream.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* asprintf */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>

#include "compiler.h"
#include "qmp.h"
#include "fixture.h"

enum step_kind {
	END,
	SEND,		/* fixture file (or one line of it) */
	RAW,		/* bytes given here */
	EXPECT,		/* read one request, check command, id, arguments */
	SLEEP,
	HANGUP,		/* close our end at once */
	FLOOD,		/* an endless string: '{"return": "aaaa...' */
	HELLO,		/* greeting, qmp_capabilities (id 1), its reply */
};

struct step {
	enum step_kind kind;
	const char *arg;	/* SEND: fixture, RAW: bytes, EXPECT: command */
	const char *arg2;	/* SEND: second fixture in the same write */
	const char *args;	/* EXPECT: arguments as JSON, if checked */
	size_t len;		/* RAW/FLOOD: bytes; SEND: only the first len */
	size_t chunk;		/* bytes per write, 0 for a single write */
	int ms;			/* SLEEP: pause; else pause between writes */
	int line;		/* SEND: only this line (1-based) */
	int reid;		/* SEND: give the reply the last request's id */
	long long id;		/* EXPECT: the id the client must use */
};

struct server {
	int fd;
	const struct step *steps;
	pthread_t thread;
	long long last_id;
	int hungup;
	char fail[256];
	char path[108];		/* listen here first, unless empty */
	int listen_delay_ms;
	int tty;		/* fd is a pty master: write(), not send() */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(int ms)
{
	poll(NULL, 0, ms);
}

static int send_bytes(struct server *s, const char *buf, size_t len,
		      size_t chunk, int ms)
{
	size_t off = 0;

	if (!chunk)
		chunk = len;
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		ssize_t w = s->tty ? write(s->fd, buf + off, n) :
			    send(s->fd, buf + off, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
		if (ms && off < len)
			nap(ms);
	}
	return 0;
}

/* One request line from the client, waiting at most 5 s. */
static json_object *read_request(struct server *s)
{
	char line[4096];
	size_t n = 0;

	while (n < sizeof(line) - 1) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		ssize_t r;

		if (poll(&pfd, 1, 5000) <= 0) {
			snprintf(s->fail, sizeof(s->fail), "no request");
			return NULL;
		}
		r = read(s->fd, line + n, 1);
		if (r <= 0) {
			snprintf(s->fail, sizeof(s->fail), "EOF before request");
			return NULL;
		}
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	return json_tokener_parse(line);
}

static void expect(struct server *s, const struct step *st)
{
	json_object *req = read_request(s), *v, *want;
	const char *cmd = NULL;

	if (!req) {
		if (!s->fail[0])
			snprintf(s->fail, sizeof(s->fail), "bad request JSON");
		return;
	}
	if (json_object_object_get_ex(req, "execute", &v))
		cmd = json_object_get_string(v);
	if (!cmd || strcmp(cmd, st->arg)) {
		snprintf(s->fail, sizeof(s->fail), "got %s, want %s",
			 json_object_to_json_string(req), st->arg);
		goto out;
	}
	if (!json_object_object_get_ex(req, "id", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		snprintf(s->fail, sizeof(s->fail), "%s without int id", cmd);
		goto out;
	}
	s->last_id = json_object_get_int64(v);
	if (st->id && s->last_id != st->id) {
		snprintf(s->fail, sizeof(s->fail), "%s: id %lld, want %lld",
			 cmd, s->last_id, st->id);
		goto out;
	}
	if (!st->args)
		goto out;
	v = NULL;
	json_object_object_get_ex(req, "arguments", &v);
	want = json_tokener_parse(st->args);
	if (!json_object_equal(want, v))
		snprintf(s->fail, sizeof(s->fail), "%s: arguments %s", cmd,
			 json_object_to_json_string(req));
	json_object_put(want);
out:
	json_object_put(req);
}

/* Line n (1-based) of text, in place; its length in *len. */
static char *nth_line(char *text, int n, size_t *len)
{
	char *p = text, *nl;

	while (--n > 0 && (nl = strchr(p, '\n')))
		p = nl + 1;
	nl = strchr(p, '\n');
	*len = nl ? (size_t)(nl + 1 - p) : strlen(p);
	return p;
}

/* Give the reply (its numeric "id": member) the last request's id. */
static char *with_id(const char *text, long long id)
{
	const char *p = text, *q;
	char *out;

	for (;;) {
		p = strstr(p, "\"id\": ");
		if (!p)
			return strdup(text);
		p += strlen("\"id\": ");
		if (*p >= '0' && *p <= '9')
			break;
	}
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	if (asprintf(&out, "%.*s%lld%s", (int)(p - text), text, id, q) < 0)
		return NULL;
	return out;
}

static void do_send(struct server *s, const struct step *st)
{
	char *text = fixture_read(st->arg, NULL), *t2 = NULL, *out = NULL;
	size_t len;
	char *p;

	if (!text) {
		snprintf(s->fail, sizeof(s->fail), "no fixture %s", st->arg);
		return;
	}
	if (st->reid) {
		p = with_id(text, s->last_id);
		free(text);
		text = p;
	}
	if (st->arg2)
		t2 = fixture_read(st->arg2, NULL);
	if (!text || (st->arg2 && !t2)) {
		snprintf(s->fail, sizeof(s->fail), "fixture %s", st->arg);
		goto out;
	}
	p = text;
	len = strlen(text);
	if (st->line)
		p = nth_line(text, st->line, &len);
	if (st->len && st->len < len)
		len = st->len;
	if (t2) {
		if (asprintf(&out, "%.*s%s", (int)len, p, t2) < 0) {
			out = NULL;
			goto out;
		}
		p = out;
		len = strlen(out);
	}
	/* a failed send is the client having hung up: it says why */
	send_bytes(s, p, len, st->chunk, st->ms);
out:
	free(text);
	free(t2);
	free(out);
}

static void flood(struct server *s, const struct step *st)
{
	size_t sent = 0, n = 65536;
	char *buf = malloc(n);

	if (!buf)
		return;
	memset(buf, 'a', n);
	if (send_bytes(s, "{\"return\": \"", 12, 0, 0) == 0) {
		while (sent < st->len && send_bytes(s, buf, n, 0, 0) == 0)
			sent += n;
	}
	free(buf);
}

static void run_hello(struct server *s)
{
	static const struct step hello[] = {
		{ .kind = SEND, .arg = "qmp/greeting.json" },
		{ .kind = EXPECT, .arg = "qmp_capabilities", .id = 1 },
		{ .kind = SEND, .arg = "qmp/capabilities.json" },
	};

	do_send(s, &hello[0]);
	if (!s->fail[0])
		expect(s, &hello[1]);
	if (!s->fail[0])
		do_send(s, &hello[2]);
}

static void run_steps(struct server *s)
{
	const struct step *st;
	char c;

	for (st = s->steps; st->kind != END && !s->fail[0]; st++) {
		switch (st->kind) {
		case SEND:
			do_send(s, st);
			break;
		case RAW:
			send_bytes(s, st->arg, st->len ? st->len : strlen(st->arg),
				   st->chunk, st->ms);
			break;
		case EXPECT:
			expect(s, st);
			break;
		case SLEEP:
			nap(st->ms);
			break;
		case HANGUP:
			close(s->fd);
			s->hungup = 1;
			return;
		case FLOOD:
			flood(s, st);
			break;
		case HELLO:
			run_hello(s);
			break;
		case END:
			break;
		}
	}
	/* wait for the client to hang up (ignoring what it still sends) */
	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };

		if (poll(&pfd, 1, 10000) <= 0) {
			if (!s->fail[0])
				snprintf(s->fail, sizeof(s->fail),
					 "client never closed");
			break;
		}
		if (read(s->fd, &c, 1) <= 0)
			break;
	}
}

static void *server_main(void *arg)
{
	struct server *s = arg;

	run_steps(s);
	if (!s->hungup)
		close(s->fd);
	return NULL;
}

/* Listen on s->path only after a delay, then serve the first client. */
static void *listener_main(void *arg)
{
	struct server *s = arg;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd pfd;
	int lfd;

	nap(s->listen_delay_ms);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s->path);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(lfd, 1)) {
		snprintf(s->fail, sizeof(s->fail), "listen: %s",
			 strerror(errno));
		goto out;
	}
	pfd.fd = lfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 5000) <= 0) {
		snprintf(s->fail, sizeof(s->fail), "nobody connected");
		goto out;
	}
	s->fd = accept(lfd, NULL, NULL);
	if (s->fd < 0) {
		snprintf(s->fail, sizeof(s->fail), "accept: %s",
			 strerror(errno));
		goto out;
	}
	server_main(s);
out:
	if (lfd >= 0)
		close(lfd);
	unlink(s->path);
	return NULL;
}

/* Start the fake QEMU and open the client on the other end. */
static struct mhp_qmp *start(struct server *s, const struct step *steps,
			     int timeout_ms, char *err, size_t errlen)
{
	int sv[2];

	memset(s, 0, sizeof(*s));
	s->steps = steps;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				    sv), 0);
	s->fd = sv[1];
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
	return mhp_qmp_open_fd(sv[0], timeout_ms, err, errlen);
}

/*
 * The same over a character device, as a LAVA guest has it (its end of a
 * virtio-serial port to QEMU's QMP): the client gets a raw pty.
 */
static struct mhp_qmp *start_tty(struct server *s, const struct step *steps,
				 int timeout_ms, char *err, size_t errlen)
{
	struct termios t;
	int master, slave;

	memset(s, 0, sizeof(*s));
	s->steps = steps;
	s->tty = 1;
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	assert_true(slave >= 0);
	assert_int_equal(tcgetattr(slave, &t), 0);
	cfmakeraw(&t);
	assert_int_equal(tcsetattr(slave, TCSANOW, &t), 0);
	s->fd = master;
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
	return mhp_qmp_open_fd(slave, timeout_ms, err, errlen);
}

static void finish(struct server *s, struct mhp_qmp *q)
{
	mhp_qmp_close(q);
	assert_int_equal(pthread_join(s->thread, NULL), 0);
	if (s->fail[0])
		fail_msg("fake QEMU: %s", s->fail);
}

static void assert_one_line(const char *err)
{
	assert_true(err[0] != '\0');
	assert_null(strchr(err, '\n'));
	assert_null(strchr(err, '\r'));
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no \"%s\" in %s", key, json_object_to_json_string(o));
	return v;
}

static const char *member_str(json_object *o, const char *key)
{
	return json_object_get_string(member(o, key));
}

static int64_t member_int(json_object *o, const char *key)
{
	json_object *v = member(o, key);

	assert_true(json_object_is_type(v, json_type_int));
	return json_object_get_int64(v);
}

static json_object *parse(const char *s)
{
	json_object *o = json_tokener_parse(s);

	assert_non_null(o);
	return o;
}

/* The whole captured session, in order, ids as QEMU echoed them. */
static void test_transcript(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "query-version", .id = 2 },
		{ .kind = SEND, .arg = "qmp/query_version.json" },
		{ .kind = EXPECT, .arg = "object-add", .id = 3,
		  .args = "{\"qom-type\": \"memory-backend-ram\", \"id\": \"hm0\", \"size\": 134217728}" },
		{ .kind = SEND, .arg = "qmp/object_add.json" },
		{ .kind = EXPECT, .arg = "device_add", .id = 4,
		  .args = "{\"driver\": \"pc-dimm\", \"id\": \"dimm0\", \"memdev\": \"hm0\", \"node\": 0}" },
		{ .kind = SEND, .arg = "qmp/device_add_ok.json" },
		{ .kind = EXPECT, .arg = "device_add", .id = 5,
		  .args = "{\"driver\": \"pc-dimm\", \"id\": \"dimm1\", \"memdev\": \"nosuch\", \"node\": 0}" },
		{ .kind = SEND, .arg = "qmp/device_add_err.json" },
		{ .kind = EXPECT, .arg = "query-memory-devices", .id = 6 },
		{ .kind = SEND, .arg = "qmp/query_memory_devices.json" },
		{ .kind = EXPECT, .arg = "device_del", .id = 7,
		  .args = "{\"id\": \"dimm0\"}" },
		{ .kind = SEND, .arg = "qmp/device_del.json" },
		{ .kind = EXPECT, .arg = "device_del", .id = 8,
		  .args = "{\"id\": \"dimm0\"}" },
		{ .kind = SEND, .arg = "qmp/device_del_again.json" },
		{ .kind = EXPECT, .arg = "quit", .id = 9 },
		{ .kind = SEND, .arg = "qmp/quit.json" },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *ret, *args, *dev, *data;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	if (!q)
		fail_msg("open: %s", err);
	assert_string_equal(mhp_qmp_version(q), "7.2.22");

	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, &ret, 5000,
				      err, sizeof(err)), 0);
	assert_int_equal(member_int(member(ret, "qemu"), "major"), 7);
	assert_int_equal(member_int(member(ret, "qemu"), "minor"), 2);
	assert_int_equal(member_int(member(ret, "qemu"), "micro"), 22);
	assert_string_equal(member_str(ret, "package"),
			    "Debian 1:7.2+dfsg-7+deb12u18+b3");
	json_object_put(ret);

	args = parse("{\"qom-type\": \"memory-backend-ram\", \"id\": \"hm0\", \"size\": 134217728}");
	assert_int_equal(mhp_qmp_exec(q, "object-add", args, &ret, 5000,
				      err, sizeof(err)), 0);
	json_object_put(args);	/* still ours after the call */
	assert_true(json_object_is_type(ret, json_type_object));
	assert_int_equal(json_object_object_length(ret), 0);
	json_object_put(ret);

	args = parse("{\"driver\": \"pc-dimm\", \"id\": \"dimm0\", \"memdev\": \"hm0\", \"node\": 0}");
	assert_int_equal(mhp_qmp_exec(q, "device_add", args, NULL, 5000,
				      err, sizeof(err)), 0);
	json_object_put(args);

	args = parse("{\"driver\": \"pc-dimm\", \"id\": \"dimm1\", \"memdev\": \"nosuch\", \"node\": 0}");
	ret = (json_object *)1;
	assert_int_equal(mhp_qmp_exec(q, "device_add", args, &ret, 5000,
				      err, sizeof(err)), -1);
	json_object_put(args);
	assert_null(ret);
	assert_string_equal(err, "qmp: device_add: Device 'nosuch' not found");

	/* an error reply does not break the connection */
	assert_int_equal(mhp_qmp_exec(q, "query-memory-devices", NULL, &ret,
				      5000, err, sizeof(err)), 0);
	assert_true(json_object_is_type(ret, json_type_array));
	assert_int_equal(json_object_array_length(ret), 1);
	dev = json_object_array_get_idx(ret, 0);
	assert_string_equal(member_str(dev, "type"), "dimm");
	data = member(dev, "data");
	assert_string_equal(member_str(data, "id"), "dimm0");
	assert_string_equal(member_str(data, "memdev"), "/objects/hm0");
	assert_int_equal(member_int(data, "addr"), 4294967296LL);
	assert_int_equal(member_int(data, "size"), 134217728);
	assert_int_equal(member_int(data, "slot"), 0);
	assert_int_equal(member_int(data, "node"), 0);
	assert_true(json_object_get_boolean(member(data, "hotplugged")));
	json_object_put(ret);

	args = parse("{\"id\": \"dimm0\"}");
	assert_int_equal(mhp_qmp_exec(q, "device_del", args, &ret, 5000,
				      err, sizeof(err)), 0);
	assert_int_equal(json_object_object_length(ret), 0);
	json_object_put(ret);
	/* paused, no guest: QEMU never sends DEVICE_DELETED */
	assert_int_equal(mhp_qmp_wait_event(q, "DEVICE_DELETED", 100), -1);
	assert_string_equal(mhp_qmp_error(q),
			    "qmp: timeout waiting for event DEVICE_DELETED");
	assert_int_equal(mhp_qmp_exec(q, "device_del", args, NULL, 5000,
				      err, sizeof(err)), 0);
	json_object_put(args);

	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 0);
	assert_int_equal(mhp_qmp_exec(q, "quit", NULL, NULL, 5000,
				      err, sizeof(err)), 0);
	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 1);
	assert_int_equal(mhp_qmp_event_seen(q, "DEVICE_DELETED"), 0);
	assert_int_equal(json_object_array_length(mhp_qmp_events(q)), 1);
	data = member(json_object_array_get_idx(mhp_qmp_events(q), 0), "data");
	assert_string_equal(member_str(data, "reason"), "host-qmp-quit");
	finish(&s, q);
}

static void test_greeting_bytewise(void **state)
{
	static const struct step steps[] = {
		{ .kind = SEND, .arg = "qmp/greeting.json", .chunk = 1, .ms = 1 },
		{ .kind = EXPECT, .arg = "qmp_capabilities", .id = 1 },
		{ .kind = SEND, .arg = "qmp/capabilities.json", .chunk = 1, .ms = 1 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	if (!q)
		fail_msg("open: %s", err);
	assert_string_equal(mhp_qmp_version(q), "7.2.22");
	finish(&s, q);
}

static void test_reply_split(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "query-memory-devices", .id = 2 },
		{ .kind = SEND, .arg = "qmp/query_memory_devices.json",
		  .reid = 1, .chunk = 7, .ms = 2 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *ret;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	assert_int_equal(mhp_qmp_exec(q, "query-memory-devices", NULL, &ret,
				      5000, err, sizeof(err)), 0);
	assert_int_equal(json_object_array_length(ret), 1);
	assert_int_equal(member_int(member(json_object_array_get_idx(ret, 0),
					   "data"), "size"), 134217728);
	json_object_put(ret);
	finish(&s, q);
}

/* Greeting and capabilities reply in one write, then event + reply. */
static void test_two_objects_one_write(void **state)
{
	static const struct step steps[] = {
		{ .kind = SEND, .arg = "qmp/greeting.json",
		  .arg2 = "qmp/capabilities.json" },
		{ .kind = EXPECT, .arg = "qmp_capabilities", .id = 1 },
		{ .kind = EXPECT, .arg = "quit", .id = 2 },
		{ .kind = SEND, .arg = "qmp/quit.json", .reid = 1 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *ret;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	if (!q)
		fail_msg("open: %s", err);
	assert_string_equal(mhp_qmp_version(q), "7.2.22");
	assert_int_equal(mhp_qmp_exec(q, "quit", NULL, &ret, 5000,
				      err, sizeof(err)), 0);
	assert_int_equal(json_object_object_length(ret), 0);
	json_object_put(ret);
	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 1);
	finish(&s, q);
}

static void test_error_reply(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "device_add", .id = 2 },
		{ .kind = SEND, .arg = "qmp/device_add_err.json", .reid = 1 },
		{ .kind = EXPECT, .arg = "device_add", .id = 3 },
		{ .kind = SEND, .arg = "qmp/device_add_ok.json", .reid = 1 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *args;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	args = parse("{\"driver\": \"pc-dimm\", \"id\": \"dimm1\", \"memdev\": \"nosuch\"}");
	assert_int_equal(mhp_qmp_exec(q, "device_add", args, NULL, 5000,
				      err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Device 'nosuch' not found"));
	assert_string_equal(err, "qmp: device_add: Device 'nosuch' not found");
	assert_one_line(err);
	assert_int_equal(mhp_qmp_exec(q, "device_add", args, NULL, 5000,
				      err, sizeof(err)), 0);
	json_object_put(args);
	finish(&s, q);
}

/* QEMU's own order on quit: the SHUTDOWN event, then the reply. */
static void test_event_before_reply(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "quit", .id = 2 },
		{ .kind = SEND, .arg = "qmp/quit.json", .reid = 1,
		  .chunk = 40, .ms = 5 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	int64_t t0;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 0);
	assert_int_equal(mhp_qmp_exec(q, "quit", NULL, NULL, 5000,
				      err, sizeof(err)), 0);
	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 1);
	t0 = now_ms();
	assert_int_equal(mhp_qmp_wait_event(q, "SHUTDOWN", 0), 0);
	assert_int_equal(mhp_qmp_wait_event(q, "SHUTDOWN", 5000), 0);
	assert_true(now_ms() - t0 < 1000);
	assert_int_equal(mhp_qmp_event_seen(q, "STOP"), 0);
	finish(&s, q);
}

/* Events that come while nothing is executed, after a delay. */
static void test_event_later(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "device_del", .id = 2 },
		{ .kind = SEND, .arg = "qmp/device_del.json", .reid = 1 },
		{ .kind = SLEEP, .ms = 150 },
		{ .kind = SEND, .arg = "qmp/quit.json", .line = 1 },
		{ .kind = SLEEP, .ms = 50 },
		{ .kind = SEND, .arg = "qmp/quit.json", .line = 1, .chunk = 9 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *args;
	int64_t t0, dt;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	args = parse("{\"id\": \"dimm0\"}");
	t0 = now_ms();
	assert_int_equal(mhp_qmp_exec(q, "device_del", args, NULL, 5000,
				      err, sizeof(err)), 0);
	json_object_put(args);
	assert_int_equal(mhp_qmp_wait_event(q, "SHUTDOWN", 5000), 0);
	dt = now_ms() - t0;
	assert_true(dt >= 140);
	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 1);
	assert_int_equal(mhp_qmp_wait_event_count(q, "SHUTDOWN", 2, 5000), 0);
	assert_int_equal(mhp_qmp_event_seen(q, "SHUTDOWN"), 2);
	assert_int_equal(mhp_qmp_wait_event_count(q, "SHUTDOWN", 3, 50), -1);
	assert_int_equal(json_object_array_length(mhp_qmp_events(q)), 2);
	finish(&s, q);
}

static void test_timeout(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "query-version", .id = 2 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *ret = NULL;
	int64_t t0, dt;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	t0 = now_ms();
	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, &ret, 200,
				      err, sizeof(err)), -1);
	dt = now_ms() - t0;
	assert_null(ret);
	assert_string_equal(err,
			    "qmp: timeout waiting for reply to query-version");
	assert_true(dt >= 195);
	assert_true(dt < 2000);
	finish(&s, q);
}

/* A reply that comes after its command timed out is skipped. */
static void test_late_reply(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "query-version", .id = 2 },
		{ .kind = SLEEP, .ms = 300 },
		{ .kind = SEND, .arg = "qmp/query_version.json" },
		{ .kind = EXPECT, .arg = "object-add", .id = 3 },
		{ .kind = SEND, .arg = "qmp/object_add.json" },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	json_object *ret;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, &ret, 100,
				      err, sizeof(err)), -1);
	assert_int_equal(mhp_qmp_exec(q, "object-add", NULL, &ret, 5000,
				      err, sizeof(err)), 0);
	assert_int_equal(json_object_object_length(ret), 0);
	json_object_put(ret);
	finish(&s, q);
}

static void test_greeting_timeout(void **state)
{
	static const struct step steps[] = { { .kind = END } };
	struct server s;
	struct mhp_qmp *q;
	int64_t t0, dt;
	char err[256] = "";

	(void)state;
	t0 = now_ms();
	q = start(&s, steps, 150, err, sizeof(err));
	dt = now_ms() - t0;
	assert_null(q);
	assert_string_equal(err, "qmp: timeout waiting for QMP greeting");
	assert_true(dt >= 145 && dt < 2000);
	finish(&s, NULL);
}

static void test_eof_mid_object(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "query-version", .id = 2 },
		{ .kind = SEND, .arg = "qmp/query_version.json", .len = 40 },
		{ .kind = HANGUP },
	};
	struct server s;
	struct mhp_qmp *q;
	int64_t t0;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	t0 = now_ms();
	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, NULL, 5000,
				      err, sizeof(err)), -1);
	assert_string_equal(err, "qmp: connection closed mid-message");
	/* sticky, and immediate */
	err[0] = '\0';
	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, NULL, 5000,
				      err, sizeof(err)), -1);
	assert_string_equal(err, "qmp: connection closed mid-message");
	assert_int_equal(mhp_qmp_wait_event(q, "SHUTDOWN", 5000), -1);
	assert_true(now_ms() - t0 < 2000);
	finish(&s, q);
}

static void test_eof(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = HANGUP },
	};
	struct server s;
	struct mhp_qmp *q;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, NULL, 5000,
				      err, sizeof(err)), -1);
	assert_string_equal(err, "qmp: connection closed");
	finish(&s, q);
}

struct bad_case {
	const char *bytes;
	size_t len;
	const char *want;	/* in err, NULL: any error will do */
};

/* Garbage where the reply to query-version should be. */
static void test_malformed(void **state)
{
	static const char nul[] = "{\"return\": {\"a\0b\": 1}, \"id\": 2}\r\n";
	static const struct bad_case cases[] = {
		{ "{\"return\": {]}, \"id\": 2}\r\n", 0, "malformed JSON" },
		{ "}\r\n", 0, "malformed JSON" },
		{ "{\"return\" {}}\r\n", 0, "malformed JSON" },
		{ "[{\"return\": {}, \"id\": 2}]\r\n", 0, "non-object" },
		{ "null\r\n", 0, "non-object" },
		{ "42\r\n", 0, "non-object" },
		{ "\"id\"\r\n", 0, "non-object" },
		{ "\0\0\0\r\n", 5, NULL },
		{ nul, sizeof(nul) - 1, NULL },
		{ "{\"id\": 2}\r\n", 0, "reply without return or error" },
		{ "{\"id\": 2, \"error\": 7}\r\n", 0, "error reply without desc" },
		{ "{\"error\": {\"desc\": \"two\\nlines\"}}\r\n", 0,
		  "qmp: query-version: two lines" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct step steps[] = {
			{ .kind = HELLO },
			{ .kind = EXPECT, .arg = "query-version", .id = 2 },
			{ .kind = RAW, .arg = cases[i].bytes, .len = cases[i].len },
			{ .kind = END },
		};
		struct server s;
		struct mhp_qmp *q;
		char err[256] = "";

		q = start(&s, steps, 5000, err, sizeof(err));
		assert_non_null(q);
		assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, NULL,
					      1000, err, sizeof(err)), -1);
		assert_one_line(err);
		if (cases[i].want && !strstr(err, cases[i].want))
			fail_msg("case %zu: err '%s', want '%s'", i, err,
				 cases[i].want);
		finish(&s, q);
	}
}

static void test_bad_greeting(void **state)
{
	static const struct bad_case cases[] = {
		{ "hello\r\n", 0, "malformed JSON" },
		{ "{}\r\n", 0, "expected QMP greeting" },
		{ "{\"event\": \"SHUTDOWN\"}\r\n", 0, "expected QMP greeting" },
		{ "[]\r\n", 0, "non-object" },
		{ "{\"QMP\": ", 0, "connection closed mid-message" },
		{ "", 0, "connection closed" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct step steps[] = {
			{ .kind = RAW, .arg = cases[i].bytes, .len = cases[i].len },
			{ .kind = HANGUP },
		};
		struct server s;
		struct mhp_qmp *q;
		char err[256] = "";

		q = start(&s, steps, 2000, err, sizeof(err));
		assert_null(q);
		assert_one_line(err);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: err '%s', want '%s'", i, err,
				 cases[i].want);
		finish(&s, NULL);
	}
}

/* A character device (a LAVA guest's virtio-serial port): read and write. */
static void test_char_device(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "object-add", .id = 2 },
		{ .kind = SEND, .arg = "qmp/object_add.json", .reid = 1 },
		{ .kind = EXPECT, .arg = "device_add", .id = 3 },
		{ .kind = SEND, .arg = "qmp/device_add_ok.json", .reid = 1 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	char err[256] = "";

	(void)state;
	q = start_tty(&s, steps, 5000, err, sizeof(err));
	if (!q)
		fail_msg("open: %s", err);
	assert_string_equal(mhp_qmp_version(q), "7.2.22");
	if (mhp_qmp_exec(q, "object-add", NULL, NULL, 5000, err, sizeof(err)) ||
	    mhp_qmp_exec(q, "device_add", NULL, NULL, 5000, err, sizeof(err)))
		fail_msg("exec: %s (fake QEMU: %s)", err, s.fail);
	finish(&s, q);
}

/* A greeting without the version parts still connects. */
static void test_greeting_without_version(void **state)
{
	static const struct step steps[] = {
		{ .kind = RAW, .arg = "{\"QMP\": {\"version\": {\"qemu\": {\"major\": \"7\"}}}}\r\n" },
		{ .kind = EXPECT, .arg = "qmp_capabilities", .id = 1 },
		{ .kind = SEND, .arg = "qmp/capabilities.json" },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	if (!q)
		fail_msg("open: %s", err);
	assert_string_equal(mhp_qmp_version(q), "unknown");
	finish(&s, q);
}

static void test_huge_line(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = EXPECT, .arg = "query-version", .id = 2 },
		{ .kind = FLOOD, .len = 4 * 1024 * 1024 },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	char err[256] = "";

	(void)state;
	q = start(&s, steps, 5000, err, sizeof(err));
	assert_non_null(q);
	assert_int_equal(mhp_qmp_exec(q, "query-version", NULL, NULL, 10000,
				      err, sizeof(err)), -1);
	assert_string_equal(err, "qmp: message from QEMU exceeds 1048576 bytes");
	finish(&s, q);
}

/* Connect by path while "QEMU" creates the socket only later. */
static void test_open_path(void **state)
{
	static const struct step steps[] = {
		{ .kind = HELLO },
		{ .kind = END },
	};
	struct server s;
	struct mhp_qmp *q;
	int64_t t0, dt;
	char err[256] = "";

	(void)state;
	memset(&s, 0, sizeof(s));
	s.steps = steps;
	s.fd = -1;
	s.listen_delay_ms = 150;
	snprintf(s.path, sizeof(s.path), "/tmp/test_qmp.%d.sock", (int)getpid());
	unlink(s.path);
	assert_int_equal(pthread_create(&s.thread, NULL, listener_main, &s), 0);
	t0 = now_ms();
	q = mhp_qmp_open(s.path, 5000, err, sizeof(err));
	if (!q)
		fail_msg("open: %s", err);
	assert_true(now_ms() - t0 >= 140);
	assert_string_equal(mhp_qmp_version(q), "7.2.22");
	finish(&s, q);

	t0 = now_ms();
	q = mhp_qmp_open(s.path, 100, err, sizeof(err));
	dt = now_ms() - t0;
	assert_null(q);
	assert_non_null(strstr(err, "No such file or directory"));
	assert_true(dt >= 95 && dt < 2000);
	assert_null(mhp_qmp_open("/tmp/no/such/dir/that/is/far/too/long/for/a/unix/socket/path/so/it/must/be/refused/at/once/qmp.sock",
				 100, err, sizeof(err)));
}

static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Real replies with random damage: no crash, a clean result or error. */
static void test_fuzz(void **state)
{
	static const char * const names[] = {
		"qmp/greeting.json", "qmp/query_memory_devices.json",
		"qmp/quit.json", "qmp/device_add_err.json",
	};
	uint32_t seed = 12345;
	int i;

	(void)state;
	for (i = 0; i < 400; i++) {
		const char *name = names[rnd(&seed) % 4];
		int greeting = !strcmp(name, "qmp/greeting.json");
		size_t len, k, flips = 1 + rnd(&seed) % 4;
		char *text = fixture_read(name, &len);
		struct step steps[] = {
			{ .kind = HELLO },
			{ .kind = EXPECT, .arg = "query-memory-devices", .id = 2 },
			{ .kind = RAW, .arg = text, .chunk = 1 + rnd(&seed) % 50 },
			{ .kind = HANGUP },
		};
		/* no waiting for a request a broken greeting never gets */
		struct step gsteps[] = {
			{ .kind = RAW, .arg = text, .chunk = 1 + rnd(&seed) % 50 },
			{ .kind = SEND, .arg = "qmp/capabilities.json" },
			{ .kind = SLEEP, .ms = 20 },
			{ .kind = HANGUP },
		};
		struct server s;
		struct mhp_qmp *q;
		json_object *ret = NULL;
		char err[256] = "";
		int r;

		assert_non_null(text);
		for (k = 0; k < flips; k++) {
			size_t at = rnd(&seed) % len;

			switch (rnd(&seed) % 4) {
			case 0:
				text[at] = (char)rnd(&seed);
				break;
			case 1:
				text[at] ^= 1 << (rnd(&seed) % 8);
				break;
			case 2:
				text[at] = "{}[]\",:\\ 0"[rnd(&seed) % 11];
				break;
			default:
				len = at + 1;	/* truncate */
				break;
			}
		}
		steps[2].len = len;
		gsteps[0].len = len;
		q = start(&s, greeting ? gsteps : steps, 2000, err, sizeof(err));
		if (!q) {
			assert_one_line(err);
		} else if (!greeting) {
			r = mhp_qmp_exec(q, "query-memory-devices", NULL, &ret,
					 2000, err, sizeof(err));
			if (r)
				assert_one_line(err);
			json_object_put(ret);
			mhp_qmp_event_seen(q, "SHUTDOWN");
		}
		mhp_qmp_close(q);
		pthread_join(s.thread, NULL);	/* the server may well fail */
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcript),
		cmocka_unit_test(test_greeting_bytewise),
		cmocka_unit_test(test_reply_split),
		cmocka_unit_test(test_two_objects_one_write),
		cmocka_unit_test(test_error_reply),
		cmocka_unit_test(test_event_before_reply),
		cmocka_unit_test(test_event_later),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_late_reply),
		cmocka_unit_test(test_greeting_timeout),
		cmocka_unit_test(test_eof_mid_object),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bad_greeting),
		cmocka_unit_test(test_char_device),
		cmocka_unit_test(test_greeting_without_version),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_open_path),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
