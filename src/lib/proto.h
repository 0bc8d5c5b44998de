/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The line protocol between the host runner and the guest driver, over a
 * virtio-serial port. One message per line: a verb, then key=value words.
 * Values never contain spaces.
 *
 *   host:  PING                        (until the guest answers)
 *   guest: HELLO release=6.1.192 version=#1_SMP_mhpbench-0123456789ab
 *          build=mhpbench-0123456789ab page_size=4096 block_size=134217728
 *          [struct_page=64 (from BTF)] [lacks=numa,kpageflags,...]
 *   host:  HOTADD size=134217728 node=1 online=online_movable timeout_ms=N
 *   guest: ARMED                       (before-add snapshot taken)
 *   host:  GO                          (then issues device_add)
 *   guest: M block=40 metric=add_latency_us value=1234 unit=us
 *          ...
 *   guest: F name=zoneinfo-after-online data=4e6f6465...  (raw snapshot,
 *          MHP_PROTO_FILE_CHUNK bytes a line, hex; the host appends)
 *   guest: DONE status=ok | DONE status=error reason=text_without_spaces
 */
#ifndef MHP_PROTO_H
#define MHP_PROTO_H

#include <stddef.h>

#define MHP_PROTO_MAX_LINE 512
#define MHP_PROTO_MAX_ARGS 16
/* Raw bytes per F line: hex doubles them, the value holds 127 chars. */
#define MHP_PROTO_FILE_CHUNK 60

struct mhp_msg {
	char verb[16];
	int nargs;
	struct {
		char key[32];
		char value[128];
	} arg[MHP_PROTO_MAX_ARGS];
};

/* Parse one line (without or with its trailing newline). Returns 0, or -1
 * on an empty line, a verb that is not upper case, a word without '=',
 * or a key or value too long.
 */
int mhp_msg_parse(const char *line, struct mhp_msg *m);

/*
 * Take the first whole line out of a receive buffer (*len bytes used)
 * and parse it: 0, a message; 1, no whole line yet; 2, a line that does
 * not parse (taken out all the same). Host and guest read alike.
 */
int mhp_msg_take_line(char *buf, size_t *len, struct mhp_msg *m);

/* Value of key, or NULL. */
const char *mhp_msg_get(const struct mhp_msg *m, const char *key);

/* Integer value of key: 0 on success, -1 when absent or not an integer. */
int mhp_msg_get_ll(const struct mhp_msg *m, const char *key, long long *v);

/* Hex for F lines: out needs 2 * len + 1 bytes. */
void mhp_hex_encode(const void *buf, size_t len, char *out);

/* Decode hex into out (at most max bytes): the byte count, or -1 on an
 * odd length, a non-hex digit or too much data.
 */
long mhp_hex_decode(const char *hex, unsigned char *out, size_t max);

#endif
