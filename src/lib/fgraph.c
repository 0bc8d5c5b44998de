// SPDX-License-Identifier: GPL-2.0
/*
 * The function_graph tracer's text lines (kernel/trace/
 * trace_functions_graph.c): an optional absolute time and " | ", the CPU
 * as " N) ", a duration column ending in '|' (blank on entries and
 * comments, "[mark] 123.456 us" on exits and leaves; from 1 s up the
 * microseconds have no decimals), then the call, indented by depth.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fgraph.h"

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Copy [p, end) without trailing blanks into out; false when too long. */
static int copy_trimmed(const char *p, const char *end, char *out, size_t len)
{
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - p) >= len)
		return -1;
	memcpy(out, p, end - p);
	out[end - p] = '\0';
	return 0;
}

static int is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

/* "name" made only of identifier characters and not empty. */
static int take_name(const char *p, const char *end, char *out, size_t len)
{
	const char *q;

	if (p == end)
		return -1;
	for (q = p; q < end; q++)
		if (!is_ident(*q))
			return -1;
	return copy_trimmed(p, end, out, len);
}

/* The duration column: blank, or an overhead mark, a number and "us". */
static int parse_duration(const char *p, const char *bar, double *us)
{
	char *end;

	*us = -1;
	p = skip_blanks(p);
	if (p == bar)
		return 0;
	if (strchr("+!#*@$", *p) && p[1] == ' ')
		p = skip_blanks(p + 1);
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	*us = strtod(p, &end);
	if (errno || end > bar || *us < 0)
		return -1;
	p = skip_blanks(end);
	if (bar - p < 2 || strncmp(p, "us", 2))
		return -1;
	return skip_blanks(p + 2) == bar ? 0 : -1;
}

/* The call column: "f() {", "f();", "}", "}" with the name, or a comment. */
static int parse_call(const char *p, const char *eol, struct mhp_fgraph_line *l)
{
	const char *q;

	p = skip_blanks(p);
	while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r'))
		eol--;
	if (eol - p >= 4 && !strncmp(p, "/*", 2) && !strncmp(eol - 2, "*/", 2)) {
		l->kind = MHP_FG_MARKER;
		return copy_trimmed(skip_blanks(p + 2), eol - 2, l->text,
				    sizeof(l->text));
	}
	if (*p == '}') {
		l->kind = MHP_FG_EXIT;
		p = skip_blanks(p + 1);
		if (p == eol)
			return 0;
		if (eol - p < 4 || strncmp(p, "/*", 2) || strncmp(eol - 2, "*/", 2))
			return -1;
		p = skip_blanks(p + 2);
		q = eol - 2;
		while (q > p && q[-1] == ' ')
			q--;
		return take_name(p, q, l->func, sizeof(l->func));
	}
	if (eol - p > 4 && !strncmp(eol - 4, "() {", 4)) {
		l->kind = MHP_FG_ENTRY;
		return take_name(p, eol - 4, l->func, sizeof(l->func));
	}
	if (eol - p > 3 && !strncmp(eol - 3, "();", 3)) {
		l->kind = MHP_FG_LEAF;
		return take_name(p, eol - 3, l->func, sizeof(l->func));
	}
	return -1;
}

int mhp_fgraph_parse_line(const char *line, struct mhp_fgraph_line *l)
{
	const char *p, *eol, *bar;
	char *end;
	long cpu;

	memset(l, 0, sizeof(*l));
	l->kind = MHP_FG_NONE;
	l->ts_s = -1;
	l->duration_us = -1;
	l->cpu = -1;
	if (!line)
		return -1;
	eol = strchr(line, '\n');
	if (!eol)
		eol = line + strlen(line);
	p = skip_blanks(line);
	if (p >= eol || *p == '#' || !isdigit((unsigned char)*p))
		return -1;
	/* An absolute time: "1234.567890 |". */
	errno = 0;
	l->ts_s = strtod(p, &end);
	if (!errno && end > p && end < eol && *skip_blanks(end) == '|' &&
	    memchr(p, '.', end - p)) {
		p = skip_blanks(skip_blanks(end) + 1);
	} else {
		l->ts_s = -1;
	}
	/* The CPU: "N)". */
	errno = 0;
	cpu = strtol(p, &end, 10);
	if (errno || end == p || end >= eol || *end != ')' || cpu < 0 ||
	    cpu > 65535)
		goto bad;
	l->cpu = cpu;
	p = end + 1;
	bar = memchr(p, '|', eol - p);
	if (!bar || parse_duration(p, bar, &l->duration_us))
		goto bad;
	if (parse_call(bar + 1, eol, l))
		goto bad;
	/* Only exits and leaves have a duration; comments never do. */
	if ((l->kind == MHP_FG_EXIT || l->kind == MHP_FG_LEAF) !=
	    (l->duration_us >= 0))
		goto bad;
	return 0;
bad:
	l->kind = MHP_FG_NONE;
	return -1;
}

void mhp_fgraph_base_name(const char *func, char *out, size_t len)
{
	size_t n = strcspn(func, ".");

	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(out, func, n);
	out[n] = '\0';
}
