// SPDX-License-Identifier: GPL-2.0
/* Word wrapping: mail clients and list archives break longer lines. */
#include <string.h>

#include "wrap.h"

void mhp_wrap(FILE *f, const char *first, const char *cont, const char *text,
	      int width)
{
	const char *p = text, *prefix = first;
	int col, room;

	do {
		col = fprintf(f, "%s", prefix);
		room = width - col;
		if (room < 8)
			room = 8;
		while (*p == ' ')
			p++;
		while (*p) {
			size_t w = strcspn(p, " ");

			if (col > (int)strlen(prefix) &&
			    col + 1 + (int)w > width)
				break;
			if (col > (int)strlen(prefix))
				col += fprintf(f, " ");
			if ((int)w > room)
				w = room;
			col += fprintf(f, "%.*s", (int)w, p);
			p += w;
			while (*p == ' ')
				p++;
		}
		fputc('\n', f);
		prefix = cont;
	} while (*p);
}

int mhp_text_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
