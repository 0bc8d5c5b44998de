// SPDX-License-Identifier: GPL-2.0
/* Memory block states: snapshot and restore (see blockstate.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blockstate.h"
#include "compiler.h"

int mhp_block_parse_state(const char *text)
{
	size_t n = strcspn(text, " \t\n");

	if (n == 6 && !strncmp(text, "online", 6))
		return 1;
	if (n == 7 && !strncmp(text, "offline", 7))
		return 0;
	return -1;
}

void mhp_block_parse_zone(const char *text, char *zone, size_t len)
{
	size_t n;

	text += strspn(text, " \t\n");
	n = strcspn(text, " \t\n");
	if (n >= len)
		n = len - 1;
	memcpy(zone, text, n);
	zone[n] = '\0';
}

/* An online block goes back into the zone it was in. */
static const struct {
	const char *zone;
	const char *verb;
} online_verbs[] = {
	{ "Movable", "online_movable" },
	{ "Normal", "online_kernel" },
	{ "DMA32", "online_kernel" },
	{ "DMA", "online_kernel" },
};

const char *mhp_block_online_verb(const struct mhp_block *b)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(online_verbs); i++)
		if (!strcmp(b->zone, online_verbs[i].zone))
			return online_verbs[i].verb;
	return "online";
}

static ssize_t read_attr(const char *dir, long id, const char *attr,
			 char *buf, size_t len)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/memory%ld/%s", dir, id, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static int write_attr(const char *dir, long id, const char *attr,
		      const char *text)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/memory%ld/%s", dir, id, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int cmp_block(const void *a, const void *b)
{
	const struct mhp_block *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int mhp_block_read(const char *dir, long id, struct mhp_block *b)
{
	char buf[128];
	int st;

	memset(b, 0, sizeof(*b));
	b->id = id;
	if (read_attr(dir, id, "state", buf, sizeof(buf)) < 0)
		return -1;
	st = mhp_block_parse_state(buf);
	if (st < 0)
		return -1;
	b->online = st;
	if (b->online && read_attr(dir, id, "valid_zones", buf, sizeof(buf)) >= 0)
		mhp_block_parse_zone(buf, b->zone, sizeof(b->zone));
	b->movable = b->online && !strcmp(b->zone, "Movable");
	return 0;
}

int mhp_blocks_read(const char *dir, struct mhp_blocks *bs)
{
	struct dirent *de;
	long cap = 0;
	DIR *d;

	bs->b = NULL;
	bs->n = 0;
	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *end;
		long id;

		if (strncmp(de->d_name, "memory", 6))
			continue;
		id = strtol(de->d_name + 6, &end, 10);
		if (end == de->d_name + 6 || *end || id < 0)
			continue;
		if (bs->n == cap) {
			struct mhp_block *nb;

			cap = cap ? 2 * cap : 256;
			nb = realloc(bs->b, cap * sizeof(*nb));
			if (!nb) {
				closedir(d);
				mhp_blocks_free(bs);
				errno = ENOMEM;
				return -1;
			}
			bs->b = nb;
		}
		if (mhp_block_read(dir, id, &bs->b[bs->n]) == 0)
			bs->n++;
	}
	closedir(d);
	if (bs->n)
		qsort(bs->b, bs->n, sizeof(bs->b[0]), cmp_block);
	return 0;
}

void mhp_blocks_free(struct mhp_blocks *bs)
{
	free(bs->b);
	bs->b = NULL;
	bs->n = 0;
}

const struct mhp_block *mhp_blocks_find(const struct mhp_blocks *bs, long id)
{
	struct mhp_block key = { .id = id };

	if (!bs->n)
		return NULL;
	return bsearch(&key, bs->b, bs->n, sizeof(bs->b[0]), cmp_block);
}

long mhp_blocks_restore(const char *dir, const struct mhp_blocks *was)
{
	struct mhp_blocks now;
	long i, failed = 0;

	if (mhp_blocks_read(dir, &now))
		return was->n ? was->n : 1;
	for (i = 0; i < now.n; i++) {
		const struct mhp_block *b = mhp_blocks_find(was, now.b[i].id);
		const char *verb = NULL;

		if (!b && !now.b[i].online)
			verb = "online_movable";
		else if (b && b->online && !now.b[i].online)
			verb = mhp_block_online_verb(b);
		else if (b && !b->online && now.b[i].online)
			verb = "offline";
		if (verb && write_attr(dir, now.b[i].id, "state", verb))
			failed++;
	}
	mhp_blocks_free(&now);
	return failed;
}
