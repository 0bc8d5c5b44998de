// SPDX-License-Identifier: GPL-2.0
/*
 * Starting and stopping QEMU. Each guest runs in its own process group
 * with its sockets in a private 0700 directory; every exit path of the
 * runner reaps it, so no QEMU outlives a run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "compiler.h"
#include "guest.h"
#include "qmp.h"
#include "size.h"
#include "timeutil.h"

#define MAX_ARGS 64
#define MAX_LIVE 8

static pid_t live[MAX_LIVE];

static void live_add(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (!live[i]) {
			live[i] = pid;
			return;
		}
}

static void live_del(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (live[i] == pid)
			live[i] = 0;
}

void mhp_guest_kill_all(void)
{
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (live[i] > 0)
			kill(-live[i], SIGKILL);
}

/* Has the process exited? Looks without reaping: mhp_guest_stop() reaps. */
bool mhp_pid_exited(pid_t pid)
{
	siginfo_t si = { 0 };

	if (pid <= 0)
		return true;
	if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT))
		return true;
	return si.si_pid == pid;
}

struct argv {
	char *v[MAX_ARGS + 1];
	char store[MAX_ARGS][PATH_MAX];
	int n;
};

static __printf(2, 3)
void arg(struct argv *a, const char *fmt, ...)
{
	va_list ap;

	if (a->n >= MAX_ARGS)
		return;
	va_start(ap, fmt);
	vsnprintf(a->store[a->n], PATH_MAX, fmt, ap);
	va_end(ap);
	a->v[a->n] = a->store[a->n];
	a->v[++a->n] = NULL;
}

/*
 * Node 0 has the CPUs and the boot memory; node 1 starts memoryless and
 * is where DIMMs go, so the memmap of hot-added memory is either remote
 * (node 0) or local (node 1) and the difference is visible. A scenario
 * may give node 1 CPUs (node1_cpus) and the profile may bind the guest
 * nodes to host nodes (numa_host_nodes). mhpbench lava puts the same
 * options into its LAVA device descriptions. Then what the hot-add method
 * needs from boot on (a virtio-mem device).
 */
void mhp_qemu_machine_opts(const struct mhp_arch *ar,
			   void (*emit)(void *ctx, const char *opt,
					const char *val),
			   void *ctx)
{
	const char *reserve = ar->reserve ? "" : ",reserve=off";
	char boot[32], maxmem[32], v[PATH_MAX];
	const struct mhp_hotplug *hp;

	mhp_size_format(ar->boot_mem, boot, sizeof(boot));
	mhp_size_format(ar->maxmem, maxmem, sizeof(maxmem));
	snprintf(v, sizeof(v), "%d", ar->cpus);
	emit(ctx, "-smp", v);
	snprintf(v, sizeof(v), "%s,slots=%d,maxmem=%s", boot, ar->slots, maxmem);
	emit(ctx, "-m", v);
	if (ar->numa_host_nodes[0])
		snprintf(v, sizeof(v),
			 "memory-backend-ram,id=m0,size=%s%s,host-nodes=%.*s,policy=bind",
			 boot, reserve, (int)strcspn(ar->numa_host_nodes, ","),
			 ar->numa_host_nodes);
	else
		snprintf(v, sizeof(v), "memory-backend-ram,id=m0,size=%s%s", boot,
			 reserve);
	emit(ctx, "-object", v);
	snprintf(v, sizeof(v), "node,nodeid=0,cpus=0-%d,memdev=m0",
		 ar->cpus - 1 - ar->node1_cpus);
	emit(ctx, "-numa", v);
	if (ar->node1_cpus)
		snprintf(v, sizeof(v), "node,nodeid=1,cpus=%d-%d",
			 ar->cpus - ar->node1_cpus, ar->cpus - 1);
	else
		snprintf(v, sizeof(v), "node,nodeid=1");
	emit(ctx, "-numa", v);
	if (ar->firmware[0])
		emit(ctx, "-bios", ar->firmware);
	hp = mhp_hotplug_find(ar->hotplug);
	if (hp && hp->boot_opts)
		hp->boot_opts(ar, emit, ctx);
}

static void emit_arg(void *ctx, const char *opt, const char *val)
{
	arg(ctx, "%s", opt);
	arg(ctx, "%s", val);
}

/*
 * Everything that differs between arches comes from the profile: binary,
 * machine and its options, CPU, firmware, the virtio-serial controller.
 * The console is the machine's first serial device (8250, PL011,
 * spapr-vty).
 */
static void qemu_argv(struct argv *a, const struct mhp_ctx *ctx,
		      const struct mhp_kernel *k, const char *accel,
		      const char *console, const char *sockdir)
{
	const struct mhp_arch *ar = ctx->arch;
	const char *acc = mhp_arch_accel_cmdline(ar, accel);

	arg(a, "%s", ar->qemu);
	arg(a, "-name");
	arg(a, "mhpbench-%s", k->variant);
	arg(a, "-machine");
	arg(a, "%s,accel=%s", ar->machine, accel);
	arg(a, "-cpu");
	arg(a, "%s", ar->cpu);
	mhp_qemu_machine_opts(ar, emit_arg, a);
	arg(a, "-kernel");
	arg(a, "%s", k->image);
	arg(a, "-initrd");
	arg(a, "%s", k->initrd[0] ? k->initrd : ctx->image);
	/*
	 * The profile's additions under this accelerator before --append:
	 * what follows "--" in --append goes to init.
	 */
	arg(a, "-append");
	arg(a, "%s%s%s%s%s", k->cmdline, acc[0] ? " " : "", acc,
	    ctx->opts->append[0] ? " " : "", ctx->opts->append);
	arg(a, "-nodefaults");
	arg(a, "-no-user-config");
	arg(a, "-display");
	arg(a, "none");
	arg(a, "-no-reboot");
	arg(a, "-chardev");
	arg(a, "file,id=con,path=%s", console);
	arg(a, "-serial");
	arg(a, "chardev:con");
	arg(a, "-qmp");
	arg(a, "unix:%s/qmp.sock,server=on,wait=off", sockdir);
	arg(a, "-device");
	arg(a, "%s,id=vs0", ar->ctl_device);
	arg(a, "-chardev");
	arg(a, "socket,id=ctl,path=%s/ctl.sock,server=on,wait=off", sockdir);
	arg(a, "-device");
	arg(a, "virtserialport,bus=vs0.0,chardev=ctl,name=org.mhpbench.ctl");
}

static pid_t spawn(struct argv *a, const char *log)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		int nul = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		/* A runner killed with SIGKILL must not leave QEMU behind. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (nul >= 0)
			dup2(nul, 0);
		execvp(a->v[0], a->v);
		dprintf(2, "mhpbench: cannot run %s: %s\n", a->v[0], strerror(errno));
		_exit(127);
	}
	if (pid > 0) {
		setpgid(pid, pid);
		live_add(pid);
	}
	return pid;
}

static int unix_connect(const char *path, int timeout_ms, pid_t pid)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uint64_t deadline = mhp_now_us() + (uint64_t)timeout_ms * 1000;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	while (mhp_now_us() < deadline) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			return -1;
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			return fd;
		close(fd);
		if (mhp_pid_exited(pid))
			return -2;
		usleep(10000);
	}
	return -1;
}

int mhp_guest_start(const struct mhp_ctx *ctx, const struct mhp_kernel *k,
		    const char *accel, const char *logdir, struct mhp_guest *g,
		    char *err, size_t errlen)
{
	static struct argv a;
	char path[PATH_MAX], qerr[256];

	memset(g, 0, sizeof(*g));
	g->ctl = -1;
	g->pid = -1;
	g->host_node = -1;
	g->reserve = ctx->arch->reserve;
	g->vmem_poll_us = ctx->opts->vmem_poll_us;
	if (ctx->arch->numa_host_nodes[0])
		g->host_node = atoi(strchr(ctx->arch->numa_host_nodes, ',') + 1);
	snprintf(g->sockdir, sizeof(g->sockdir), "/tmp/mhpbench.XXXXXX");
	if (!mkdtemp(g->sockdir)) {
		snprintf(err, errlen, "cannot create a private socket directory: %s",
			 strerror(errno));
		g->sockdir[0] = '\0';
		return -1;
	}
	snprintf(g->logdir, sizeof(g->logdir), "%s", logdir);
	snprintf(g->console, sizeof(g->console), "%s/console.log", logdir);
	snprintf(path, sizeof(path), "%s/qemu.log", logdir);
	a.n = 0;
	qemu_argv(&a, ctx, k, accel, g->console, g->sockdir);
	g->started_us = mhp_now_us();
	g->pid = spawn(&a, path);
	if (g->pid < 0) {
		snprintf(err, errlen, "cannot start %s: %s", a.v[0], strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/qmp.sock", g->sockdir);
	g->qmp = mhp_qmp_open(path, 10000, qerr, sizeof(qerr));
	if (!g->qmp) {
		snprintf(err, errlen, "%s did not start (see %s/qemu.log): %s",
			 a.v[0], logdir, qerr);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/ctl.sock", g->sockdir);
	g->ctl = unix_connect(path, 10000, g->pid);
	if (g->ctl < 0) {
		snprintf(err, errlen, "cannot connect to the guest control port");
		return -1;
	}
	return 0;
}

/* Reap QEMU; its peak RSS (ru_maxrss, kB) is what the guest cost the host. */
static bool reap(struct mhp_guest *g, int timeout_ms)
{
	uint64_t deadline = mhp_now_us() + (uint64_t)timeout_ms * 1000;
	struct rusage ru;

	if (g->pid <= 0)
		return true;
	do {
		if (wait4(g->pid, NULL, WNOHANG, &ru) == g->pid) {
			g->peak_rss_kb = ru.ru_maxrss;
			live_del(g->pid);
			g->pid = -1;
			return true;
		}
		usleep(5000);
	} while (mhp_now_us() < deadline);
	return false;
}

void mhp_guest_stop(struct mhp_guest *g)
{
	char path[PATH_MAX], qerr[128];

	if (g->ctl >= 0) {
		mhp_guest_send(g, "BYE");
		close(g->ctl);
		g->ctl = -1;
	}
	if (g->qmp) {
		mhp_qmp_exec(g->qmp, "quit", NULL, NULL, 2000, qerr, sizeof(qerr));
		mhp_qmp_close(g->qmp);
		g->qmp = NULL;
	}
	if (g->pid > 0 && !reap(g, 3000)) {
		kill(-g->pid, SIGKILL);
		reap(g, 5000);
	}
	if (g->sockdir[0]) {
		snprintf(path, sizeof(path), "%s/qmp.sock", g->sockdir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/ctl.sock", g->sockdir);
		unlink(path);
		rmdir(g->sockdir);
		g->sockdir[0] = '\0';
	}
}
