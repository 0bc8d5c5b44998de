// SPDX-License-Identifier: GPL-2.0
/* One line of lava-run's log (a YAML flow mapping, scalars double-quoted)
 * as JSON, for json-c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "lavalog.h"

struct out {
	char *p;
	size_t len, cap;
};

static int put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap)
		return -1;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
	return 0;
}

static int put_u(struct out *o, unsigned long cp)
{
	char buf[16];

	if (cp > 0xffff) {
		cp -= 0x10000;
		snprintf(buf, sizeof(buf), "\\u%04lx\\u%04lx", 0xd800 + (cp >> 10),
			 0xdc00 + (cp & 0x3ff));
	} else {
		snprintf(buf, sizeof(buf), "\\u%04lx", cp);
	}
	return put(o, buf, strlen(buf));
}

/* n hex digits at s: the value, or -1. */
static long hex(const char *s, int n)
{
	char buf[9], *end;
	long v;

	if ((int)strnlen(s, n) < n)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtol(buf, &end, 16);
	return *end || buf[0] == '-' || buf[0] == '+' ? -1 : v;
}

/* YAML's single-character escapes that JSON lacks, as code points. */
static const struct {
	char c;
	unsigned long cp;
} yaml_escapes[] = {
	{ '0', 0x0 }, { 'a', 0x7 }, { 'v', 0xb }, { 'e', 0x1b }, { ' ', 0x20 },
	{ '\t', 0x9 }, { 'N', 0x85 }, { '_', 0xa0 }, { 'L', 0x2028 },
	{ 'P', 0x2029 },
};

/* The escape at s (after the backslash); its length in *used. */
static int escape(struct out *o, const char *s, size_t *used)
{
	static const struct {
		char c;
		int digits;
	} hexes[] = { { 'x', 2 }, { 'u', 4 }, { 'U', 8 } };
	size_t i;
	long v;

	*used = 1;
	if (strchr("\"\\/bfnrt", *s) && *s)
		return put(o, s - 1, 2);
	for (i = 0; i < ARRAY_SIZE(yaml_escapes); i++)
		if (*s == yaml_escapes[i].c)
			return put_u(o, yaml_escapes[i].cp);
	for (i = 0; i < ARRAY_SIZE(hexes); i++) {
		if (*s != hexes[i].c)
			continue;
		v = hex(s + 1, hexes[i].digits);
		if (v < 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return -1;
		*used = 1 + hexes[i].digits;
		return put_u(o, v);
	}
	return -1;
}

int mhp_lava_line_json(const char *in, char *out, size_t outlen)
{
	struct out o = { .p = out, .cap = outlen };
	const char *s = in;
	size_t used;

	if (!outlen)
		return -1;
	out[0] = '\0';
	while (*s) {
		if (*s == '!') {
			/* A tag: !!int, !, !<...>; the scalar follows a space. */
			s += strcspn(s, " ");
			if (*s == ' ')
				s++;
			continue;
		}
		if (*s != '"') {
			if (put(&o, s++, 1))
				return -1;
			continue;
		}
		if (put(&o, s++, 1))
			return -1;
		while (*s != '"') {
			if (!*s)
				return -1;
			if ((unsigned char)*s < 0x20) {
				if (put_u(&o, (unsigned char)*s++))
					return -1;
				continue;
			}
			if (*s != '\\') {
				if (put(&o, s++, 1))
					return -1;
				continue;
			}
			if (escape(&o, s + 1, &used))
				return -1;
			s += 1 + used;
		}
		if (put(&o, s++, 1))
			return -1;
	}
	return 0;
}
