/* SPDX-License-Identifier: GPL-2.0 */
/* mhpbench lava: the suite's samples as LAVA jobs, and their results back. */
#ifndef MHP_LAVA_H
#define MHP_LAVA_H

#include "mhpbench.h"

/* The lines the guest prints (lava_guest.c) and the import reads. */
#define MHP_LAVA_READY "MHPB-READY"
#define MHP_LAVA_START "MHPB-START"
#define MHP_LAVA_END "MHPB-END"
#define MHP_LAVA_PATTERN \
	"MHPB (?P<test_case_id>\\S+) (?P<result>pass|fail) (?P<measurement>[-+.0-9eE]+|nan|inf|-inf) (?P<units>\\w+)"

/* mhpbench lava export|import ... */
int mhp_cmd_lava(int argc, char **argv, const char *top);
void mhp_lava_usage(FILE *f);

/* The jobs of a run's matrix (lava_export.c); argv[0] is "export". */
int mhp_lava_export(int argc, char **argv, const char *top);

/* LAVA logs or results exports back into a run (lava_import.c). */
int mhp_lava_import(int argc, char **argv, const char *top);

/* A job for a real board: mhpbench native there (lava_board.c). */
int mhp_lava_board_export(const char *top, const char *config, const char *out,
			  const char *url_base, char *err, size_t errlen);

/* s as a YAML single-quoted scalar. */
void mhp_lava_yq(FILE *f, const char *s);

/* Copy a file (a hard link when possible): 0, or -1 with errno. */
int mhp_lava_put_file(const char *src, const char *dst);

/*
 * A timing that includes the guest's own QMP round trip (qmp_device_add_us,
 * add_latency_us...): to_guest renames METRIC_us to METRIC_guest_qmp_us
 * in place, else back; other metrics stay (lava_guest.c).
 */
void mhp_lava_qmp_name(char *metric, size_t len, bool to_guest);

/* The program the LAVA guest image runs instead of the guest driver. */
int mhp_lava_guest_main(int argc, char **argv);

#endif
