// SPDX-License-Identifier: GPL-2.0
/*
 * QMP replies: the input is what "QEMU" sends on the socket, from its
 * greeting on; the client opens the session and runs one command.
 */
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "qmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhp_qmp *q;
	json_object *ret = NULL;
	char err[256];
	int sv[2];

	/* What fits in the socket buffer without a reader thread. */
	if (size > 65536)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 0;
	if (size && write(sv[1], data, size) != (ssize_t)size) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	shutdown(sv[1], SHUT_WR);
	q = mhp_qmp_open_fd(sv[0], 50, err, sizeof(err));
	if (q) {
		if (mhp_qmp_exec(q, "query-version", NULL, &ret, 50, err,
				 sizeof(err)) == 0)
			json_object_put(ret);
		mhp_qmp_event_seen(q, "SHUTDOWN");
		mhp_qmp_close(q);
	}
	close(sv[1]);
	return 0;
}
