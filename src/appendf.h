/* SPDX-License-Identifier: GPL-2.0 */
/* Appending to a string buffer: reasons, provenance lines. */
#ifndef MHP_APPENDF_H
#define MHP_APPENDF_H

#include <stddef.h>

#include "compiler.h"

/*
 * Append the formatted text at the end of the NUL-terminated string in
 * buf (len bytes): what fits of it, always NUL-terminated.
 */
void mhp_appendf(char *buf, size_t len, const char *fmt, ...)
	__printf(3, 4);

#endif
