// SPDX-License-Identifier: GPL-2.0
/* Per-node meminfo and the OOM killer's "Killed process" lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nodemem.h"

#define NODE_TEXT_MAX 8192

int mhp_node_meminfo_parse(const char *text, int *node, struct mhp_meminfo *mi)
{
	static const char prefix[] = "Node ";
	char buf[NODE_TEXT_MAX];
	const char *line = text;
	size_t used = 0;
	long n, first = -1;
	char *end;

	*node = -1;
	mhp_meminfo_parse(NULL, mi);
	if (!text)
		return -1;
	/* Strip "Node N " off every line, then it reads like /proc/meminfo. */
	while (*line) {
		const char *eol = strchr(line, '\n');
		size_t len;

		if (!eol)
			eol = line + strlen(line);
		if (eol > line) {
			if (strncmp(line, prefix, sizeof(prefix) - 1))
				return -1;
			errno = 0;
			n = strtol(line + sizeof(prefix) - 1, &end, 10);
			if (errno || end == line + sizeof(prefix) - 1 ||
			    end >= eol || *end != ' ' || n < 0 || n > 4095)
				return -1;
			if (first >= 0 && n != first)
				return -1;
			first = n;
			while (end < eol && *end == ' ')
				end++;
			len = eol - end;
			if (used + len + 2 > sizeof(buf))
				return -1;
			memcpy(buf + used, end, len);
			used += len;
			buf[used++] = '\n';
		}
		line = *eol ? eol + 1 : eol;
	}
	buf[used] = '\0';
	if (first < 0 || mhp_meminfo_parse(buf, mi))
		return -1;
	*node = first;
	return 0;
}

int mhp_oom_kill_parse(const char *line, long *pid, char *comm, size_t len)
{
	static const char key[] = "of memory: Killed process ";
	const char *p, *open, *close, *eol;
	char *end;
	long v;

	if (!line || !len)
		return -1;
	eol = strchr(line, '\n');
	if (!eol)
		eol = line + strlen(line);
	p = strstr(line, key);
	if (!p || p >= eol)
		return -1;
	/* "Out of memory" and "Memory cgroup out of memory": one key. */
	p += sizeof(key) - 1;
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno || end == p || v <= 0 || end + 1 >= eol || strncmp(end, " (", 2))
		return -1;
	open = end + 2;
	/* A command name may itself hold ") ": the report goes on with
	 * " total-vm:" after it; without that, the first ')' ends it.
	 */
	close = strstr(open, ") total-vm:");
	if (!close || close >= eol)
		close = memchr(open, ')', eol - open);
	if (!close || close == open || (size_t)(close - open) >= len)
		return -1;
	memcpy(comm, open, close - open);
	comm[close - open] = '\0';
	*pid = v;
	return 0;
}
