// SPDX-License-Identifier: GPL-2.0
/*
 * dax/kmem hot-add for mhpbench native: a devdax device (made by ndctl
 * from persistent memory, or soft-reserved memory) becomes System RAM
 * with daxctl reconfigure-device --mode=system-ram --no-online, which
 * binds it to the kmem driver: add_memory_driver_managed() of its whole
 * memory blocks, which the guest driver then onlines and times. It goes
 * back with --mode=devdax once the driver has offlined the blocks
 * (remove_memory()). daxctl is run with an argv, never through a shell.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "native.h"
#include "timeutil.h"

#define DAX_DIR "/sys/bus/dax/devices"

static struct mhp_dax *cur;

void mhp_dax_select(struct mhp_dax *d)
{
	cur = d;
}

static int read_attr(const char *dev, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), DAX_DIR "/%s/%s", dev, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* The driver a device is bound to: "device_dax", "kmem", or "". */
static void dax_driver(const char *dev, char *buf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), DAX_DIR "/%s/driver", dev);
	n = readlink(path, link, sizeof(link) - 1);
	buf[0] = '\0';
	if (n <= 0)
		return;
	link[n] = '\0';
	snprintf(buf, len, "%s", strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
}

static int dax_probe(const char *dev, uint64_t bs, struct mhp_dax *d)
{
	char buf[64], drv[32];
	uint64_t first, end;

	dax_driver(dev, drv, sizeof(drv));
	if (strcmp(drv, "device_dax") || read_attr(dev, "size", buf, sizeof(buf)))
		return -1;
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", dev);
	d->size = strtoull(buf, NULL, 0);
	if (read_attr(dev, "resource", buf, sizeof(buf)))
		return -1;
	d->start = strtoull(buf, NULL, 16);
	d->node = 0;
	if (!read_attr(dev, "target_node", buf, sizeof(buf)) && atoi(buf) >= 0)
		d->node = atoi(buf);
	else if (!read_attr(dev, "numa_node", buf, sizeof(buf)) && atoi(buf) >= 0)
		d->node = atoi(buf);
	/* Newer kernels: the device may ask kmem for memmap_on_memory. */
	d->memmap_on_memory = !read_attr(dev, "memmap_on_memory", buf, sizeof(buf)) &&
			      (buf[0] == '1' || buf[0] == 'Y' || buf[0] == 'y');
	/* kmem adds the whole memory blocks inside the range. */
	first = (d->start + bs - 1) / bs;
	end = (d->start + d->size) / bs;
	if (!d->size || end <= first)
		return -1;
	d->first_block = first;
	d->nblocks = end - first;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int mhp_dax_find(const char *want, uint64_t block_size, struct mhp_dax *d,
		 char *err, size_t errlen)
{
	char *names[64];
	struct dirent *de;
	int n = 0, i, ret = -1;
	DIR *dir = opendir(DAX_DIR);

	snprintf(err, errlen, "no devdax device");
	if (!dir)
		return -1;
	while ((de = readdir(dir)) && n < 64) {
		if (de->d_name[0] == '.')
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), cmp_name);
	for (i = 0; i < n && ret; i++) {
		if (want && strcmp(want, names[i]))
			continue;
		ret = dax_probe(names[i], block_size, d);
		if (ret && want)
			snprintf(err, errlen,
				 "%s is not a devdax device (bound to device_dax) with a whole memory block",
				 want);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	if (ret && want && !strstr(err, want))
		snprintf(err, errlen, "no dax device %s", want);
	return ret;
}

int mhp_which(const char *prog, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX];

	if (strchr(prog, '/')) {
		snprintf(buf, len, "%s", prog);
		return access(buf, X_OK);
	}
	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(dir, sizeof(dir), "%.*s", (int)n, path);
		snprintf(buf, len, "%s/%s", n ? dir : ".", prog);
		if (!access(buf, X_OK))
			return 0;
		path += n + (path[n] == ':');
	}
	return -1;
}

int mhp_exec_log(const char *const argv[], const char *log, int timeout_ms)
{
	uint64_t deadline = mhp_now_us() + (uint64_t)timeout_ms * 1000;
	int status, fd;
	pid_t pid, r;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			dup2(fd, 0);
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (mhp_now_us() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(5000);
	}
}

static int daxctl_mode(const struct mhp_dax *d, const char *mode,
		       const char *flag)
{
	static const char verb[] = "reconfigure-device";
	const char *argv[6] = { d->daxctl, verb, mode };
	int n = 3;

	if (flag)
		argv[n++] = flag;
	argv[n++] = d->name;
	argv[n] = NULL;
	return mhp_exec_log(argv, d->log, d->timeout_ms);
}

int mhp_dax_add(struct mhp_guest *g, uint64_t size, int node,
		uint64_t *qmp_us, char *err, size_t errlen)
{
	uint64_t t0 = mhp_now_us();
	int rc;

	(void)g;
	(void)size;
	(void)node;
	if (!cur) {
		snprintf(err, errlen, "no dax device selected");
		return -1;
	}
	rc = daxctl_mode(cur, "--mode=system-ram", "--no-online");
	*qmp_us = mhp_now_us() - t0;
	if (rc) {
		snprintf(err, errlen,
			 "daxctl reconfigure-device --mode=system-ram %s: exit %d (see %s)",
			 cur->name, rc, cur->log);
		return -1;
	}
	return 0;
}

int mhp_dax_remove(struct mhp_guest *g, int timeout_ms, uint64_t *qmp_us,
		   uint64_t *deleted_us, char *err, size_t errlen)
{
	uint64_t t0 = mhp_now_us();
	int rc;

	(void)g;
	(void)timeout_ms;
	rc = cur ? daxctl_mode(cur, "--mode=devdax", NULL) : -1;
	*qmp_us = *deleted_us = mhp_now_us() - t0;
	if (rc) {
		snprintf(err, errlen,
			 "daxctl reconfigure-device --mode=devdax %s: exit %d (see %s)",
			 cur ? cur->name : "?", rc, cur ? cur->log : "");
		return -1;
	}
	return 0;
}

int mhp_dax_restore(const struct mhp_dax *d)
{
	char drv[32];

	dax_driver(d->name, drv, sizeof(drv));
	if (!strcmp(drv, "device_dax"))
		return 0;
	daxctl_mode(d, "--mode=devdax", "--force");
	dax_driver(d->name, drv, sizeof(drv));
	return strcmp(drv, "device_dax") ? -1 : 0;
}
