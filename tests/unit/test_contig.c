// SPDX-License-Identifier: GPL-2.0
/* The contig theory: aligned units past the altmap, the direct map. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "contig.h"

/* x86_64: 4K pages, 128 MiB blocks, a 1 GiB DIMM at 4 GiB. */
#define BLOCK 32768ULL
#define DIMM_START (1ULL << 20)
#define DIMM (8 * BLOCK)

static void test_units(void **state)
{
	(void)state;
	/* 2 MiB: 64 a block, 63 when the altmap keeps 512 pages. */
	assert_int_equal(mhp_contig_units(DIMM_START, DIMM, BLOCK, 0, 512), 512);
	assert_int_equal(mhp_contig_units(DIMM_START, DIMM, BLOCK, 512, 512), 504);
	/* A reservation of 513 pages costs two units a block. */
	assert_int_equal(mhp_contig_units(DIMM_START, BLOCK, BLOCK, 513, 512), 62);
	/* MAX_ORDER blocks of 4 MiB: 32 a block, 31 with the altmap. */
	assert_int_equal(mhp_contig_units(DIMM_START, BLOCK, BLOCK, 512, 1024), 31);
	/* 1 GiB: one in a GiB-aligned DIMM, none with the altmap. */
	assert_int_equal(mhp_contig_units(DIMM_START, DIMM, BLOCK, 0, 262144), 1);
	assert_int_equal(mhp_contig_units(DIMM_START, DIMM, BLOCK, 512, 262144), 0);
	/* Not GiB-aligned: none either way. */
	assert_int_equal(mhp_contig_units(DIMM_START + BLOCK, DIMM, BLOCK, 0,
					  262144), 0);
	/* 64K pages, 256 MiB blocks, 2 MiB PMD (32 pages), 32 kept. */
	assert_int_equal(mhp_contig_units(65536, 4096, 4096, 32, 32), 127);
	assert_int_equal(mhp_contig_units(0, 4096, 0, 0, 32), 0);
}

static void test_directmap(void **state)
{
	const uint64_t levels[] = { 262144, 512, 1, 0 };
	uint64_t gain[3];

	(void)state;
	/* One add of a GiB-aligned GiB: one 1G entry. */
	mhp_contig_directmap(DIMM_START, DIMM, DIMM, levels, gain);
	assert_int_equal(gain[0], DIMM);
	assert_int_equal(gain[1], 0);
	assert_int_equal(gain[2], 0);
	/* One add per block: 2 MiB entries only. */
	mhp_contig_directmap(DIMM_START, DIMM, BLOCK, levels, gain);
	assert_int_equal(gain[0], 0);
	assert_int_equal(gain[1], DIMM);
	/* A DIMM half a GiB off: 2M entries around the aligned GiB. */
	mhp_contig_directmap(DIMM_START + 4 * BLOCK, 2 * DIMM, 2 * DIMM,
			     levels, gain);
	assert_int_equal(gain[0], DIMM);
	assert_int_equal(gain[1], DIMM);
	assert_int_equal(gain[2], 0);
	/* 4K at the ends of an unaligned range. */
	mhp_contig_directmap(1, 1024, 1024, levels, gain);
	assert_int_equal(gain[1], 512);
	assert_int_equal(gain[2], 512);
}

static void test_flags(void **state)
{
	char buf[128];

	(void)state;
	mhp_kpf_format((1ULL << 32) | (1ULL << 37), buf, sizeof(buf));
	assert_string_equal(buf, "RESERVED|OWNER_PRIVATE");
	mhp_kpf_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	mhp_kpf_format((1ULL << 7) | (1ULL << 60), buf, sizeof(buf));
	assert_string_equal(buf, "SLAB|bit60");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_directmap),
		cmocka_unit_test(test_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
