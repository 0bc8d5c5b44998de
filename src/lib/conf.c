// SPDX-License-Identifier: GPL-2.0
/*
 * "key = value" data files. Strict on purpose: a typo in a profile must
 * stop the run with the file and line, not silently change a benchmark.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "conf.h"

/* Profiles are a few hundred bytes; anything this big is a wrong file. */
#define CONF_MAX_FILE (1 << 20)

#define KEY_MAX (sizeof(((struct mhp_conf *)0)->kv[0].key) - 1)
#define VALUE_MAX (sizeof(((struct mhp_conf *)0)->kv[0].value) - 1)

static void __printf(3, 4)
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Shrink [*b, *e) past the blanks at both ends. */
static void trim(const char **b, const char **e)
{
	while (*b < *e && is_space(**b))
		(*b)++;
	while (*e > *b && is_space((*e)[-1]))
		(*e)--;
}

/*
 * [a-z0-9_]+, optionally qualified once: "cmdline.powerpc" (a key that
 * applies to one arch only).
 */
static int valid_key(const char *k, size_t n)
{
	size_t i, dots = 0;

	if (!n || k[0] == '.' || k[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (k[i] == '.')
			dots++;
		else if (!is_key_char(k[i]))
			return 0;
	}
	return dots <= 1;
}

bool mhp_strv_has(const char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

bool mhp_list_has(const char *list, char sep, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (p && *p) {
		if (!strncmp(p, word, n) && (p[n] == sep || !p[n]))
			return true;
		p = strchr(p, sep);
		if (p)
			p++;
	}
	return false;
}

/* What is wrong with the line [b, e), or NULL when it was stored. */
static const char *parse_line(struct mhp_conf *c, const char *const *repeat,
			      const char *b, const char *e, char *dup,
			      size_t duplen)
{
	const char *eq = memchr(b, '=', e - b);
	const char *kb = b, *ke = eq, *vb, *ve = e;
	char key[KEY_MAX + 1];

	if (!eq)
		return "expected 'key = value'";
	vb = eq + 1;
	trim(&kb, &ke);
	trim(&vb, &ve);
	if (!valid_key(kb, ke - kb))
		return "bad key (want [a-z0-9_]+ or KEY.QUALIFIER)";
	if ((size_t)(ke - kb) > KEY_MAX)
		return "key too long";
	if ((size_t)(ve - vb) > VALUE_MAX)
		return "value too long";
	memcpy(key, kb, ke - kb);
	key[ke - kb] = '\0';
	if (mhp_conf_get(c, key) && !(repeat && mhp_strv_has(repeat, key))) {
		snprintf(dup, duplen, "duplicate key '%s'", key);
		return dup;
	}
	if (c->n >= MHP_CONF_MAX)
		return "too many keys";
	memcpy(c->kv[c->n].key, key, sizeof(key));
	memcpy(c->kv[c->n].value, vb, ve - vb);
	c->kv[c->n].value[ve - vb] = '\0';
	c->n++;
	return NULL;
}

int mhp_conf_parse(const char *path, const char *text, struct mhp_conf *c,
		   char *err, size_t errlen)
{
	return mhp_conf_parse_multi(path, text, NULL, c, err, errlen);
}

int mhp_conf_parse_multi(const char *path, const char *text,
			 const char *const *repeat, struct mhp_conf *c,
			 char *err, size_t errlen)
{
	char dup[sizeof("duplicate key ''") + KEY_MAX];
	const char *line = text;
	unsigned long lineno = 0;

	if (!path)
		path = "(null)";
	memset(c, 0, sizeof(*c));
	snprintf(c->path, sizeof(c->path), "%s", path);
	if (!text) {
		set_err(err, errlen, "%s: no text", path);
		return -1;
	}
	while (*line) {
		const char *b = line, *e = line, *what;

		while (*e && *e != '\n')
			e++;
		line = *e ? e + 1 : e;
		lineno++;
		trim(&b, &e);
		if (b == e || *b == '#')
			continue;
		what = parse_line(c, repeat, b, e, dup, sizeof(dup));
		if (what) {
			set_err(err, errlen, "%s:%lu: %s", path, lineno, what);
			c->n = 0;
			return -1;
		}
	}
	return 0;
}

/* The whole file as one string; NULL with err set. */
static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	const char *what = NULL;
	char *buf;
	size_t n;

	if (!f) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(CONF_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		set_err(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	n = fread(buf, 1, CONF_MAX_FILE + 1, f);
	if (ferror(f))
		what = "read error";
	else if (n > CONF_MAX_FILE)
		what = "file too large";
	else if (memchr(buf, '\0', n))
		what = "NUL byte in file";
	if (what) {
		set_err(err, errlen, "%s: %s", path, what);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

int mhp_conf_load(const char *path, struct mhp_conf *c, char *err,
		  size_t errlen)
{
	return mhp_conf_load_multi(path, NULL, c, err, errlen);
}

int mhp_conf_load_multi(const char *path, const char *const *repeat,
			struct mhp_conf *c, char *err, size_t errlen)
{
	char *text;
	int ret;

	memset(c, 0, sizeof(*c));
	if (!path) {
		set_err(err, errlen, "(null): no path");
		return -1;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	text = read_file(path, err, errlen);
	if (!text)
		return -1;
	ret = mhp_conf_parse_multi(path, text, repeat, c, err, errlen);
	free(text);
	return ret;
}

const char *mhp_conf_get(const struct mhp_conf *c, const char *key)
{
	int i;

	if (!c || !key)
		return NULL;
	for (i = 0; i < c->n && i < MHP_CONF_MAX; i++) {
		if (!strcmp(c->kv[i].key, key))
			return c->kv[i].value;
	}
	return NULL;
}

int mhp_conf_check(const struct mhp_conf *c, const char *const *allowed,
		   const char *const *required, char *err, size_t errlen)
{
	int i;

	/* No allowed list means any key goes; only required is checked. */
	for (i = 0; allowed && i < c->n && i < MHP_CONF_MAX; i++) {
		if (!mhp_strv_has(allowed, c->kv[i].key)) {
			set_err(err, errlen, "%s: unknown key '%s'", c->path,
				c->kv[i].key);
			return -1;
		}
	}
	for (; required && *required; required++) {
		if (!mhp_conf_get(c, *required)) {
			set_err(err, errlen, "%s: missing key '%s'", c->path,
				*required);
			return -1;
		}
	}
	return 0;
}
