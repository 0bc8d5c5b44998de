// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench-guest: started by the initramfs /init. Says HELLO on the
 * control port, runs what the host asks for, and powers the guest off
 * when the host says BYE (or goes away).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/reboot.h>
#include <sys/utsname.h>

#include "blockstate.h"
#include "guest.h"

static int read_block_size(struct guest *g)
{
	char buf[64];

	if (read_text("/sys/devices/system/memory/block_size_bytes", buf,
		      sizeof(buf)) < 0)
		return -1;
	g->block_size = strtoull(buf, NULL, 16);
	return g->block_size ? 0 : -1;
}

static void hello(struct guest *g)
{
	struct utsname u;
	const char *tag;

	uname(&u);
	/* The build key is in the version string: "#1 SMP mhpbench-KEY". */
	tag = strstr(u.version, "mhpbench-");
	chan_send(g, "HELLO release=%s build=%.21s page_size=%u block_size=%llu",
		  u.release, tag ? tag : "unknown", g->page_size,
		  (unsigned long long)g->block_size);
}

static void serve(struct guest *g)
{
	struct mhp_msg m;

	hello(g);
	while (chan_recv(g, &m, -1) == 0) {
		const struct guest_scenario *s;

		if (!strcmp(m.verb, "BYE"))
			return;
		if (!strcmp(m.verb, "PING")) {
			hello(g);
			continue;
		}
		s = guest_scenario_find(m.verb);
		if (!s) {
			chan_send(g, "DONE status=error reason=unknown_verb_%s", m.verb);
			continue;
		}
		s->run(g, &m);
	}
}

/*
 * mhpbench native runs this driver on the machine itself, its control
 * channel on fd N: "native N". Signals cannot cut a state write short;
 * when the runner goes away, every memory block is put back in the
 * state it had when the driver started, and the machine stays up.
 */
static int native_main(struct guest *g, const char *fd)
{
	struct mhp_blocks was;
	char *end;
	long n;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	g->ctl = strtol(fd, &end, 10);
	if (*end || g->ctl < 0 || read_block_size(g)) {
		fprintf(stderr, "mhpbench-guest: bad control fd or no memory blocks\n");
		return 2;
	}
	if (mhp_blocks_read(MHP_SYS_MEMORY, &was)) {
		fprintf(stderr, "mhpbench-guest: cannot read the memory blocks\n");
		return 1;
	}
	serve(g);
	n = mhp_blocks_restore(MHP_SYS_MEMORY, &was);
	if (n)
		fprintf(stderr, "mhpbench-guest: %ld blocks not restored\n", n);
	mhp_blocks_free(&was);
	return n ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct guest g = { .ctl = -1 };

	/* Run by the numa scenario under numactl: a work loop, no channel. */
	if (argc > 1 && !strcmp(argv[1], "work"))
		return work_main(argc, argv);
	g.page_size = sysconf(_SC_PAGESIZE);
	if (argc == 3 && !strcmp(argv[1], "native"))
		return native_main(&g, argv[2]);
	if (read_block_size(&g))
		fprintf(stderr, "mhpbench-guest: no memory block size in sysfs\n");
	else if (chan_open(&g))
		fprintf(stderr, "mhpbench-guest: no control port\n");
	else
		serve(&g);
	sync();
	reboot(RB_POWER_OFF);
	return 1;
}
