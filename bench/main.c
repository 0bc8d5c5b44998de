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
#include "btf.h"
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

/* Spaces are word separators on the channel: the version gets '_'. */
static void underscores(char *s)
{
	for (; *s; s++)
		if (*s == ' ')
			*s = '_';
}

/*
 * The kernel says who it is: release, version (a prebuilt kernel is
 * checked against its image's banner), the build key of a kernel the
 * suite built ("#1 SMP mhpbench-KEY") and, when it has BTF, its
 * sizeof(struct page).
 */
static void hello(struct guest *g)
{
	char sp[32] = "", lacks[112] = "";
	struct utsname u;
	const char *tag;

	uname(&u);
	tag = strstr(u.version, "mhpbench-");
	underscores(u.version);
	if (g->struct_page > 0)
		snprintf(sp, sizeof(sp), " struct_page=%ld", g->struct_page);
	if (g->lacks[0])
		snprintf(lacks, sizeof(lacks), " lacks=%s", g->lacks);
	chan_send(g, "HELLO release=%s version=%.100s build=%.21s page_size=%u block_size=%llu%s%s",
		  u.release, u.version, tag ? tag : "unknown", g->page_size,
		  (unsigned long long)g->block_size, sp, lacks);
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
	g.struct_page = mhp_btf_file_struct_size(MHP_BTF_VMLINUX, "page");
	if (argc == 3 && !strcmp(argv[1], "native"))
		return native_main(&g, argv[2]);
	guest_lacks(g.lacks, sizeof(g.lacks));
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
