/* SPDX-License-Identifier: GPL-2.0 */
/* "key = value" data files: arch profiles, variants, bench configs. */
#ifndef MHP_CONF_H
#define MHP_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define MHP_CONF_MAX 64

struct mhp_conf {
	char path[256];
	int n;
	struct {
		char key[48];
		char value[464];
	} kv[MHP_CONF_MAX];
};

/* Load a data file: '#' starts a comment line, blank lines are ignored,
 * every other line is "key = value". On error returns -1 and writes one
 * line naming file, line and problem into err.
 */
int mhp_conf_load(const char *path, struct mhp_conf *c, char *err, size_t errlen);

/* Parse from memory (path is used in messages only). */
int mhp_conf_parse(const char *path, const char *text, struct mhp_conf *c,
		   char *err, size_t errlen);

/*
 * The same, but the keys of the NULL-terminated list repeat may appear
 * more than once (each line is kept, in order: "pair" in a bench config).
 * A key is [a-z0-9_]+, or one qualified once as KEY.QUALIFIER
 * ("cmdline.powerpc").
 */
int mhp_conf_parse_multi(const char *path, const char *text,
			 const char *const *repeat, struct mhp_conf *c,
			 char *err, size_t errlen);
int mhp_conf_load_multi(const char *path, const char *const *repeat,
			struct mhp_conf *c, char *err, size_t errlen);

/* Value of key (its first line), or NULL when the key is absent. */
const char *mhp_conf_get(const struct mhp_conf *c, const char *key);

/* Every key of c must be in the NULL-terminated list allowed, and every
 * key of required must be present; else -1 with "FILE: ... key 'K'".
 */
int mhp_conf_check(const struct mhp_conf *c, const char *const *allowed,
		   const char *const *required, char *err, size_t errlen);

/* Whether the NULL-terminated v (NULL: none) has the string s. */
bool mhp_strv_has(const char *const *v, const char *s);

/* Whether list, words separated by sep, has word as one of them. */
bool mhp_list_has(const char *list, char sep, const char *word);

#endif
