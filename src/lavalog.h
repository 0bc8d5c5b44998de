/* SPDX-License-Identifier: GPL-2.0 */
/* One line of lava-run's log as JSON (lavalog.c). */
#ifndef MHP_LAVALOG_H
#define MHP_LAVALOG_H

#include <stddef.h>

/*
 * lava-run writes each log record as a one-line YAML flow mapping with
 * every scalar double-quoted (yaml.dump(default_flow_style=True,
 * default_style='"')): JSON, but for tags before non-string scalars
 * ("size": !!int "3851264", or a bare !) and YAML's own escapes in
 * strings (\e, \xNN, \N, \_, \L, \P, \UXXXXXXXX, "\ "). Write the line as
 * JSON into out (NUL-terminated): the tags dropped, the escapes as \uXXXX.
 * 0, or -1 when the line is not such a record (an unterminated string,
 * an unknown escape) or out is too small.
 */
int mhp_lava_line_json(const char *in, char *out, size_t outlen);

#endif
