// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/zoneinfo, as printed by zoneinfo_show_print() in mm/vmstat.c:
 *
 *   Node 1, zone  Movable
 *     pages free     32768
 *           ...
 *           spanned  32768
 *           present  32768
 *           managed  32256
 *
 * Every zone, populated or not, prints the four counters we need; the
 * per-node stats and per-zone stats around them are skipped. Of the
 * pagesets (populated zones only) the "count:" of each CPU is summed:
 * free pages waiting on per-cpu lists, which MemFree does not count.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "zoneinfo.h"

enum {
	C_FREE = 1 << 0,
	C_SPANNED = 1 << 1,
	C_PRESENT = 1 << 2,
	C_MANAGED = 1 << 3,
	C_ALL = C_FREE | C_SPANNED | C_PRESENT | C_MANAGED,
};

struct zi_state {
	struct mhp_zoneinfo *zi;
	int node;		/* node of the open zone, -1 before any */
	unsigned int seen;	/* counters seen in the open zone */
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *p, const char *eol)
{
	while (p < eol && is_blank(*p))
		p++;
	return p;
}

/* "word" followed by a blank (or the end of the line) at p, else NULL. */
static const char *take_word(const char *p, const char *eol, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(eol - p) < n || strncmp(p, w, n))
		return NULL;
	p += n;
	if (p < eol && !is_blank(*p))
		return NULL;
	return skip_blanks(p, eol);
}

/* A non-negative decimal that is all that is left of the line. */
static int parse_count(const char *p, const char *eol, int64_t *v)
{
	long long n;
	char *end;

	if (p == eol || *p < '0' || *p > '9')
		return -1;
	errno = 0;
	n = strtoll(p, &end, 10);
	if (errno || end > eol)
		return -1;
	if (skip_blanks(end, eol) != eol)
		return -1;
	*v = n;
	return 0;
}

static int add_count(int64_t *sum, int64_t v)
{
	if (v > INT64_MAX - *sum)
		return -1;
	*sum += v;
	return 0;
}

/* A zone that went without one of its counters makes the file suspect. */
static int close_zone(struct zi_state *st)
{
	if (st->node >= 0 && st->seen != C_ALL)
		return -1;
	st->seen = 0;
	return 0;
}

/* "Node N, zone NAME": 1 when the line is a header, -1 when broken. */
static int zone_header(struct zi_state *st, const char *p, const char *eol)
{
	long n;
	char *end;

	p = take_word(p, eol, "Node");
	if (!p)
		return 0;
	if (p == eol || ((*p < '0' || *p > '9') && *p != '-'))
		return -1;
	errno = 0;
	n = strtol(p, &end, 10);
	if (errno || end > eol || n < 0 || n >= MHP_MAX_NODES)
		return -1;
	if (end == eol || *end != ',')
		return -1;
	p = take_word(skip_blanks(end + 1, eol), eol, "zone");
	if (!p || p == eol)
		return -1;
	if (close_zone(st))
		return -1;
	st->node = (int)n;
	st->zi->node[n].seen = 1;
	return 1;
}

/* Which counter the line at p is, and where its value starts. */
static const char *counter_kind(const char *p, const char *eol,
				unsigned int *bit)
{
	static const struct {
		const char *word;
		unsigned int bit;
	} words[] = {
		{ "spanned", C_SPANNED },
		{ "present", C_PRESENT },
		{ "managed", C_MANAGED },
	};
	const char *v = take_word(p, eol, "pages");
	size_t i;

	if (v) {
		*bit = C_FREE;
		return take_word(v, eol, "free");
	}
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		v = take_word(p, eol, words[i].word);
		if (v) {
			*bit = words[i].bit;
			return v;
		}
	}
	return NULL;
}

static int64_t *counter_sum(struct mhp_node_pages *np, unsigned int bit)
{
	switch (bit) {
	case C_FREE:
		return &np->free;
	case C_SPANNED:
		return &np->spanned;
	case C_PRESENT:
		return &np->present;
	default:
		return &np->managed;
	}
}

/* One of the four counters: 1 when taken, 0 when not one, -1 broken. */
static int zone_counter(struct zi_state *st, const char *p, const char *eol)
{
	unsigned int bit = 0;
	const char *v = counter_kind(p, eol, &bit);
	int64_t n;

	if (!v)
		return 0;
	/* Outside a zone, or twice in one: not what the kernel prints. */
	if (st->node < 0 || (st->seen & bit) || parse_count(v, eol, &n))
		return -1;
	if (add_count(counter_sum(&st->zi->node[st->node], bit), n))
		return -1;
	st->seen |= bit;
	return 1;
}

/* "count: N" of a CPU's pageset: 1 when taken, 0 when not one, -1 broken. */
static int pcp_count(struct zi_state *st, const char *p, const char *eol)
{
	const char *v = take_word(p, eol, "count:");
	int64_t n;

	if (!v)
		return 0;
	if (st->node < 0 || parse_count(v, eol, &n) ||
	    add_count(&st->zi->node[st->node].pcp, n))
		return -1;
	return 1;
}

static int parse_line(struct zi_state *st, const char *line, const char *eol)
{
	const char *p = skip_blanks(line, eol);
	int ret;

	/* Headers start in column 0; counters are always indented. */
	if (p == line)
		return zone_header(st, p, eol) < 0 ? -1 : 0;
	ret = zone_counter(st, p, eol);
	if (!ret)
		ret = pcp_count(st, p, eol);
	return ret < 0 ? -1 : 0;
}

int mhp_zoneinfo_parse(const char *text, struct mhp_zoneinfo *zi)
{
	struct zi_state st = { .zi = zi, .node = -1 };
	const char *line = text;

	memset(zi, 0, sizeof(*zi));
	if (!text)
		return -1;
	while (*line) {
		const char *eol = line;

		while (*eol && *eol != '\n')
			eol++;
		if (parse_line(&st, line, eol))
			goto bad;
		line = *eol ? eol + 1 : eol;
	}
	/* An empty file is no zoneinfo: a node must have been seen. */
	if (st.node < 0 || close_zone(&st))
		goto bad;
	return 0;
bad:
	/* Half-summed nodes would read as real numbers: drop them all. */
	memset(zi, 0, sizeof(*zi));
	return -1;
}

int64_t mhp_zoneinfo_free_pcp(const struct mhp_zoneinfo *zi, int node)
{
	int64_t pages = 0;
	int n;

	if (node >= MHP_MAX_NODES)
		return -1;
	for (n = node < 0 ? 0 : node; n < MHP_MAX_NODES; n++) {
		pages += zi->node[n].free + zi->node[n].pcp;
		if (node >= 0)
			break;
	}
	return pages;
}
