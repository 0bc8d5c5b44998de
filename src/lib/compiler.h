/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's little helpers, for code written in the kernel's style. */
#ifndef MHP_COMPILER_H
#define MHP_COMPILER_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))

#endif
