/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_TIMEUTIL_H
#define MHP_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in microseconds: every duration the runner reports. */
static inline uint64_t mhp_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#endif
