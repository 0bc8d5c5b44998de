// SPDX-License-Identifier: GPL-2.0
/*
 * The host <-> guest line protocol: "VERB key=value key=value". Both
 * ends parse what the other sent over a serial line, which can deliver
 * garbage (a console message, a cut line), so anything off is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

#define VERB_MAX (sizeof(((struct mhp_msg *)0)->verb) - 1)
#define KEY_MAX (sizeof(((struct mhp_msg *)0)->arg[0].key) - 1)
#define VALUE_MAX (sizeof(((struct mhp_msg *)0)->arg[0].value) - 1)

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Printable ASCII but space: what a word may hold. */
static int is_word_char(char c)
{
	return c > ' ' && c < 0x7f;
}

static int parse_verb(struct mhp_msg *m, const char *w, size_t n)
{
	size_t i;

	if (!n || n > VERB_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (w[i] < 'A' || w[i] > 'Z')
			return -1;
	}
	memcpy(m->verb, w, n);
	m->verb[n] = '\0';
	return 0;
}

/* "key=value": key [a-z0-9_]+, value anything up to the next space. */
static int parse_arg(struct mhp_msg *m, const char *w, size_t n)
{
	const char *eq = memchr(w, '=', n);
	size_t kl, vl, i;

	if (!eq || m->nargs >= MHP_PROTO_MAX_ARGS)
		return -1;
	kl = eq - w;
	vl = n - kl - 1;
	if (!kl || kl > KEY_MAX || vl > VALUE_MAX)
		return -1;
	for (i = 0; i < kl; i++) {
		if (!is_key_char(w[i]))
			return -1;
	}
	memcpy(m->arg[m->nargs].key, w, kl);
	m->arg[m->nargs].key[kl] = '\0';
	/* Which of two values would a reader get? Neither: refuse. */
	if (mhp_msg_get(m, m->arg[m->nargs].key))
		return -1;
	memcpy(m->arg[m->nargs].value, eq + 1, vl);
	m->arg[m->nargs].value[vl] = '\0';
	m->nargs++;
	return 0;
}

/* Length of the line without its "\n" or "\r\n"; -1 when not one line. */
static long line_length(const char *line)
{
	size_t n = strnlen(line, MHP_PROTO_MAX_LINE + 2);
	size_t i;

	if (n && line[n - 1] == '\n')
		n--;
	if (n && line[n - 1] == '\r')
		n--;
	if (n >= MHP_PROTO_MAX_LINE)
		return -1;
	for (i = 0; i < n; i++) {
		if (line[i] != ' ' && !is_word_char(line[i]))
			return -1;
	}
	return n;
}

static void clear_msg(struct mhp_msg *m)
{
	memset(m, 0, sizeof(*m));
}

int mhp_msg_parse(const char *line, struct mhp_msg *m)
{
	long len;
	size_t i = 0;

	clear_msg(m);
	if (!line)
		return -1;
	len = line_length(line);
	if (len < 0)
		return -1;
	while (i < (size_t)len) {
		size_t start, n;
		int ret;

		/* Words are split by runs of spaces; ends may be padded. */
		while (i < (size_t)len && line[i] == ' ')
			i++;
		if (i == (size_t)len)
			break;
		start = i;
		while (i < (size_t)len && line[i] != ' ')
			i++;
		n = i - start;
		if (!m->verb[0])
			ret = parse_verb(m, line + start, n);
		else
			ret = parse_arg(m, line + start, n);
		if (ret) {
			clear_msg(m);
			return -1;
		}
	}
	return m->verb[0] ? 0 : -1;
}

const char *mhp_msg_get(const struct mhp_msg *m, const char *key)
{
	int i;

	if (!m || !key)
		return NULL;
	for (i = 0; i < m->nargs && i < MHP_PROTO_MAX_ARGS; i++) {
		if (!strcmp(m->arg[i].key, key))
			return m->arg[i].value;
	}
	return NULL;
}

int mhp_msg_get_ll(const struct mhp_msg *m, const char *key, long long *v)
{
	const char *s = mhp_msg_get(m, key);
	long long n;
	char *end;

	/* strtoll would skip blanks and take '+'; only digits or '-'. */
	if (!s || !((*s >= '0' && *s <= '9') || *s == '-'))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*v = n;
	return 0;
}

void mhp_hex_encode(const void *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long mhp_hex_decode(const char *hex, unsigned char *out, size_t max)
{
	size_t len = strlen(hex), i;

	if (len % 2 || len / 2 > max)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	return len / 2;
}

int mhp_msg_take_line(char *buf, size_t *len, struct mhp_msg *m)
{
	char *nl = memchr(buf, '\n', *len);
	size_t used;
	int ret;

	if (!nl)
		return 1;
	*nl = '\0';
	used = nl - buf + 1;
	ret = mhp_msg_parse(buf, m) ? 2 : 0;
	memmove(buf, buf + used, *len - used);
	*len -= used;
	return ret;
}
