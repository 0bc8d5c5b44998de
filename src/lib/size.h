/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes as users write them: 128M, 1G, 2048K, 4096 (bytes). */
#ifndef MHP_SIZE_H
#define MHP_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* Parse a size with an optional binary suffix K, M, G or T (also KiB,
 * MiB, GiB, TiB). Returns 0, or -1 on syntax error, zero or overflow.
 */
int mhp_size_parse(const char *s, uint64_t *bytes);

/* Format as the shortest exact form: 134217728 -> "128M". */
void mhp_size_format(uint64_t bytes, char *buf, size_t len);

#endif
