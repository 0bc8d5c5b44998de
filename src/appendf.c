// SPDX-License-Identifier: GPL-2.0
/* Appending to a string buffer (appendf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "appendf.h"

void mhp_appendf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}
