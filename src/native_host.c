// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench native: what the machine is (page size, memory block size,
 * nodes, memmap_on_memory, the kernel), described as the arch profile
 * and kernel of a run, so that results, report and compare stay the
 * same; and the guest driver started on the machine itself, its control
 * channel a socketpair instead of a virtio-serial port.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "blockstate.h"
#include "btf.h"
#include "compiler.h"
#include "native_host.h"
#include "timeutil.h"

static int read_small(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* The suite's arch names for `uname -m`. */
static const struct {
	const char *machine;
	const char *arch;
} arch_names[] = {
	{ "x86_64", "x86_64" },
	{ "aarch64", "arm64" },
	{ "ppc64le", "powerpc" },
	{ "ppc64", "powerpc" },
};

const char *mhp_native_arch(void)
{
	static struct utsname u;
	size_t i;

	uname(&u);
	for (i = 0; i < ARRAY_SIZE(arch_names); i++)
		if (!strcmp(u.machine, arch_names[i].machine))
			return arch_names[i].arch;
	return u.machine;
}

/* FNV-1a: a short id for the running kernel (release and version). */
static void kernel_id(const char *text, char *buf, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 0x100000001b3ULL;
	snprintf(buf, len, "%012llx", (unsigned long long)(h >> 16));
}

int mhp_native_probe(struct mhp_native_machine *m, char *err, size_t errlen)
{
	char buf[512], idtext[512];
	struct utsname u;
	long long kb;
	FILE *f;

	memset(m, 0, sizeof(*m));
	uname(&u);
	m->page_size = sysconf(_SC_PAGESIZE);
	if (read_small(MHP_SYS_MEMORY "/block_size_bytes", buf, sizeof(buf))) {
		snprintf(err, errlen,
			 "no memory hotplug on this kernel (no %s/block_size_bytes)",
			 MHP_SYS_MEMORY);
		return -1;
	}
	m->block_size = strtoull(buf, NULL, 16);
	if (read_small("/sys/devices/system/node/online", m->nodes,
		       sizeof(m->nodes)))
		snprintf(m->nodes, sizeof(m->nodes), "0");
	m->memmap_on_memory = -1;
	if (!read_small("/sys/module/memory_hotplug/parameters/memmap_on_memory",
			buf, sizeof(buf)))
		m->memmap_on_memory = buf[0] == 'Y' || buf[0] == 'y' ||
				      buf[0] == '1' || !strcmp(buf, "force");
	snprintf(m->memmap_param, sizeof(m->memmap_param), "%s",
		 m->memmap_on_memory < 0 ? "absent" : buf);
	if (read_small("/proc/cmdline", m->cmdline, sizeof(m->cmdline)))
		m->cmdline[0] = '\0';
	f = fopen("/proc/meminfo", "re");
	while (f && fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "MemTotal: %lld kB", &kb) == 1)
			m->mem_total = kb * 1024;
	if (f)
		fclose(f);
	snprintf(m->release, sizeof(m->release), "%s", u.release);
	snprintf(m->version, sizeof(m->version), "%s", u.version);
	snprintf(m->machine, sizeof(m->machine), "%s", u.machine);
	snprintf(idtext, sizeof(idtext), "%s %s %s", u.release, u.version,
		 u.machine);
	kernel_id(idtext, m->kernel_id, sizeof(m->kernel_id));
	return 0;
}

void mhp_native_describe(const struct mhp_native_machine *m,
			 const char *hotplug, struct mhp_arch *a,
			 struct mhp_kernel *k)
{
	json_object *b = json_object_new_object();
	long sp;

	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "native");
	snprintf(a->machine, sizeof(a->machine), "%s", m->machine);
	snprintf(a->hotplug, sizeof(a->hotplug), "%s", hotplug);
	snprintf(a->cmdline, sizeof(a->cmdline), "%s", m->cmdline);
	a->cpus = sysconf(_SC_NPROCESSORS_ONLN);
	a->boot_mem = m->mem_total;
	a->page_size = m->page_size;
	a->block_size = m->block_size;

	memset(k, 0, sizeof(*k));
	snprintf(k->arch, sizeof(k->arch), "native");
	snprintf(k->variant, sizeof(k->variant), "%s", m->release);
	snprintf(k->build_id, sizeof(k->build_id), "%s", m->kernel_id);
	snprintf(k->cmdline, sizeof(k->cmdline), "%s", m->cmdline);
	/*
	 * From the kernel's BTF when it has some; else assumed: 64 bytes on
	 * every 64-bit kernel this suite builds and most distributions ship.
	 * The memmap verdict's expected pages come from it; meta.json says
	 * where it came from.
	 */
	sp = mhp_btf_file_struct_size(MHP_BTF_VMLINUX, "page");
	k->struct_page_bytes = sp > 0 ? sp : 64;
	k->build = b;
	json_object_object_add(b, "release", json_object_new_string(m->release));
	json_object_object_add(b, "version", json_object_new_string(m->version));
	json_object_object_add(b, "machine", json_object_new_string(m->machine));
	json_object_object_add(b, "cmdline", json_object_new_string(m->cmdline));
	json_object_object_add(b, "build_id", json_object_new_string(m->kernel_id));
	json_object_object_add(b, "page_size", json_object_new_int(m->page_size));
	json_object_object_add(b, "block_size_bytes",
			       json_object_new_uint64(m->block_size));
	json_object_object_add(b, "nodes", json_object_new_string(m->nodes));
	json_object_object_add(b, "memmap_on_memory",
			       json_object_new_string(m->memmap_param));
	json_object_object_add(b, "struct_page_bytes",
			       json_object_new_int(k->struct_page_bytes));
	json_object_object_add(b, "struct_page_bytes_source",
			       json_object_new_string(sp > 0 ? "btf" : "assumed"));
}

int mhp_native_driver_start(const char *driver, const char *logdir,
			    struct mhp_guest *g, char *err, size_t errlen)
{
	char fdarg[16];
	int sv[2], fd;
	pid_t pid;

	memset(g, 0, sizeof(*g));
	g->pid = -1;
	g->ctl = -1;
	g->host_node = -1;
	snprintf(g->logdir, sizeof(g->logdir), "%s", logdir);
	snprintf(g->console, sizeof(g->console), "%s/driver.log", logdir);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		char *argv[4];

		argv[0] = (char *)driver;
		argv[1] = (char *)"native";
		argv[2] = fdarg;
		argv[3] = NULL;
		/* Its own process group: a ^C on the terminal is ours. */
		setpgid(0, 0);
		fd = dup(sv[1]);	/* without FD_CLOEXEC */
		snprintf(fdarg, sizeof(fdarg), "%d", fd);
		dup2(open("/dev/null", O_RDONLY), 0);
		fd = open(g->console, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(driver, argv);
		_exit(127);
	}
	close(sv[1]);
	g->pid = pid;
	g->ctl = sv[0];
	g->started_us = mhp_now_us();
	return 0;
}

void mhp_native_driver_stop(struct mhp_guest *g)
{
	int status;

	if (g->ctl >= 0) {
		mhp_guest_send(g, "BYE");
		close(g->ctl);
		g->ctl = -1;
	}
	/* Never killed: it may be putting blocks back; it ends by itself. */
	if (g->pid > 0)
		while (waitpid(g->pid, &status, 0) < 0 && errno == EINTR)
			;
	g->pid = -1;
}
