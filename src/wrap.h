/* SPDX-License-Identifier: GPL-2.0 */
/* Word wrapping for the 72-column text reports. */
#ifndef MHP_WRAP_H
#define MHP_WRAP_H

#include <stdio.h>

#define MHP_TEXT_WIDTH 72

/*
 * Write text word-wrapped so that no line is wider than width: the first
 * line starts with first, the others with cont. A word too long for a
 * line is cut. Ends with a newline.
 */
void mhp_wrap(FILE *f, const char *first, const char *cont, const char *text,
	      int width);

/* Columns of a UTF-8 string (code points; the reports use no wide ones). */
int mhp_text_width(const char *s);

#endif
