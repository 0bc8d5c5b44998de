/* SPDX-License-Identifier: GPL-2.0 */
/* The host runner: shared types. */
#ifndef MHP_MHPBENCH_H
#define MHP_MHPBENCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "altmap_rule.h"
#include "proto.h"

#define MHP_MAX_SIZES 16
#define MHP_MAX_VARIANTS 8
#define MHP_MAX_ARCHES 8
#define MHP_MAX_PAIRS 8
#define MHP_EXIT_USAGE 2

/* An architecture profile: configs/arch/NAME.conf (arch.c). */
struct mhp_arch {
	char name[32];
	char qemu[64];
	char machine[256];	/* -machine, options included */
	char cpu[64];
	char firmware[256];	/* -bios FILE, or empty */
	char ctl_device[64];	/* the virtio-serial controller */
	char kvm_host[32];	/* `uname -m` of a host whose KVM runs it */
	char debian_arch[32];	/* dpkg architecture of the guest userland */
	char cmdline[256];
	/*
	 * Added to the command line under TCG only (profile key cmdline_tcg):
	 * what an emulated machine needs that a KVM guest must not get.
	 */
	char cmdline_tcg[256];
	char hotplug[32];	/* the run's hot-add method (hotplug.c) */
	/*
	 * Other methods the machine supports (profile key hotplug_also),
	 * and one it does not, with why (hotplug_unsupported = METHOD why).
	 */
	char hotplug_also[128];
	char hotplug_unsupported[256];
	/*
	 * A device that plugs memory in blocks (virtio-mem): its backend
	 * size (the run's largest size; 0: no such device) and its block
	 * size (0: QEMU's default).
	 */
	uint64_t vmem_size;
	uint64_t vmem_block;
	char image[64];		/* file name of the kernel image */
	int cpus;
	int slots;
	uint64_t boot_mem;
	uint64_t maxmem;
	unsigned int page_size;
	uint64_t block_size;
	/*
	 * NUMA layout. Node 0 has the boot RAM and the CPUs but node1_cpus,
	 * which a scenario (numa) moves to node 1 (profile key
	 * numa_node1_cpus, default 1, says how many it may). numa_host_nodes
	 * (profile, optional): "A,B" binds guest node 0's memory to host node
	 * A and node 1's DIMMs to B (memory-backend host-nodes, policy bind).
	 */
	int numa_node1_cpus;
	int node1_cpus;
	char numa_host_nodes[32];
	/*
	 * Swap reserved for guest RAM (profile key reserve, default yes):
	 * no maps it MAP_NORESERVE (QEMU reserve=off), which a guest with
	 * more RAM than the host has needs under heuristic overcommit.
	 */
	bool reserve;
	/*
	 * The big-block machine (profile keys bigblock_*, run option
	 * --bigblock): enough boot RAM, so laid out, that the kernel picks
	 * larger memory blocks. mhp_arch_bigblock() puts it in place of the
	 * keys above; bigblock then says so. An arch without one may say
	 * why (bigblock_unsupported).
	 */
	struct {
		bool have;
		char machine[256];
		int slots;
		uint64_t boot_mem;
		uint64_t maxmem;
		uint64_t block_size;
		bool reserve;
	} big;
	char big_unsupported[256];
	bool bigblock;
	/* Upstream's arch_supports_memmap_on_memory() (altmap_arch_hook). */
	struct mhp_altmap_hooks altmap_hooks;
	uint64_t section_size;	/* SECTION_SIZE_BITS (section_size); 0: unknown */
};

/* What a variant says of the altmap (variant key altmap). */
enum mhp_altmap_expect {
	MHP_EXPECT_NO,		/* memmap from existing memory */
	MHP_EXPECT_YES,		/* memmap on the hot-added memory */
	MHP_EXPECT_RULE,	/* upstream's rule decides, per sample */
};

/* A built kernel of one variant (variant.c). */
struct mhp_kernel {
	char arch[32];
	char variant[32];
	char dir[PATH_MAX];
	char image[PATH_MAX];
	char build_id[32];
	char cmdline[640];
	unsigned int struct_page_bytes;
	/*
	 * Whether it puts the memmap on the hot-added memory: yes, no, or
	 * upstream's rule (altmap_rule.h) from the mode its command line
	 * sets, the arch's hook and each sample's measured sizes (the
	 * verdict: scenario_verdict.c). expect_altmap is the claim: yes,
	 * or a rule kernel whose mode is not 0.
	 */
	bool expect_altmap;
	enum mhp_altmap_expect altmap_expect;
	enum mhp_mom_mode mom_mode;
	struct mhp_altmap_hooks altmap_hooks;
	uint64_t section_size;	/* the arch profile's; 0: unknown */
	char source[64];	/* its kernel source (configs/sources/) */
	json_object *build;	/* build.json */
	/*
	 * A kernel the suite did not build (prebuilt.c): identified by its
	 * image's sha256 (build_id "prebuilt-SHA12") and what the guest
	 * must say it is; booted with its own guest image (its modules).
	 */
	bool prebuilt;
	char initrd[PATH_MAX];	/* empty: the arch's guest image */
	char release[128];	/* uname -r it must report; empty: any */
	char version[128];	/* uname -v, '_' for ' '; empty: any */
};

/*
 * A comparison the report makes (bench config "pair = BASE NEW text"):
 * base against new, and what that pair isolates.
 */
struct mhp_pair {
	char base[32];
	char new[32];
	char isolates[256];
};

/* Where a run option came from. */
enum { MHP_FROM_DEFAULT, MHP_FROM_CONFIG, MHP_FROM_CLI };

/* What `mhpbench run` was asked to do. */
struct mhp_opts {
	char top[PATH_MAX];	/* the suite's top directory */
	char config[PATH_MAX];
	char arch[256];		/* the arch list as given: "x86_64,arm64" */
	char arches[MHP_MAX_ARCHES][32];
	int narches;
	char variants[MHP_MAX_VARIANTS][32];
	int nvariants;
	char scenario[32];
	uint64_t sizes[MHP_MAX_SIZES];
	int nsizes;
	int samples;
	char online[32];
	int boot_timeout_s;
	char out[PATH_MAX];
	char kernels[PATH_MAX];
	char image[PATH_MAX];	/* guest initramfs (one arch); else per arch */
	char accel[16];		/* "auto", "kvm" or "tcg" */
	char append[256];	/* extra kernel command line */
	/* --kernel NAME=PATH,... (prebuilt.c), also in variants[] by name. */
	char kernel_specs[MHP_MAX_VARIANTS][2048];
	int nkernel_specs;
	/* Scenario knobs (oom, numa, the hot-add latency decomposition). */
	uint64_t boot_mem;	/* boot RAM instead of the profile's; 0: its */
	int hog_pct;		/* oom: share of MemAvailable the hog holds */
	int online_delay_ms;	/* oom: from the end of the add to onlining */
	char policy[16];	/* oom: "delayed" or "at-once" */
	bool trace;		/* also traced samples (latency decomposition) */
	bool no_compact;	/* contig: no compaction before counting */
	/*
	 * The hot-add method (--hotplug; empty: each profile's own) and the
	 * virtio-mem device block size (--virtio-mem-block; 0: QEMU's).
	 * Where sizes and method came from (MHP_FROM_*): a method's own
	 * default sizes replace sizes that were not given for it.
	 */
	char hotplug[32];
	uint64_t vmem_block;
	/*
	 * How often a virtio-mem device's plugged size is read, in us
	 * (--virtio-mem-poll; QMP in QEMU's main loop, beside the vCPUs).
	 */
	int vmem_poll_us;
	int sizes_from;
	int hotplug_from;
	bool bigblock;		/* the profile's big-block machine */
	uint64_t work_size;	/* numa: the work loops' memory */
	int work_s;		/* numa: seconds per work loop */
	/* The report's rule, recorded for it: p < alpha and |change| >= min. */
	double alpha;
	double min_change;	/* a fraction: 0.05 is 5 % */
	/*
	 * The order of each round's samples (order.h): random from seed
	 * unless order_fixed; the seed drawn when not given, and recorded.
	 */
	bool order_fixed;
	bool seed_given;
	uint64_t seed;
	struct mhp_pair pairs[MHP_MAX_PAIRS];
	int npairs;
};

/* A running guest (qemu.c). */
struct mhp_guest {
	pid_t pid;
	int ctl;
	struct mhp_qmp *qmp;
	char sockdir[64];
	char console[PATH_MAX];
	char logdir[PATH_MAX];	/* console.log, qemu.log, raw/ snapshots */
	long console_seen;	/* bytes of the console already searched */
	char rbuf[4096];
	size_t rlen;
	uint64_t started_us;
	int dimms;		/* hot-added so far, for ids */
	uint64_t vmem_requested;	/* virtio-mem: the requested size */
	int vmem_poll_us;	/* virtio-mem: how often its size is read */
	int host_node;		/* host node of node 1's DIMMs, or -1 */
	bool reserve;		/* DIMM backends reserve swap (profile) */
	long peak_rss_kb;	/* QEMU's peak RSS once reaped, or 0 */
};

/* How a sample ended. */
enum mhp_outcome {
	MHP_OK,
	MHP_INVALID,		/* ran, but the truth check disagrees */
	MHP_GUEST_ERROR,	/* the guest driver reported an error */
	MHP_PANIC,
	MHP_TIMEOUT,
	MHP_QEMU_EXIT,		/* QEMU went away early */
	MHP_HOST_ERROR,
	MHP_NOT_APPLICABLE,	/* the scenario does not apply to the arch */
};

const char *mhp_outcome_name(enum mhp_outcome o);

/* One measurement, as a CSV row minus the run columns. */
#define MHP_ROW_TIME (-2)	/* block "t<ms>": a timeline point at t_ms */
struct mhp_row {
	long block;		/* -1: the whole sample; MHP_ROW_TIME */
	long t_ms;
	char metric[48];
	double value;
	char unit[16];
};

/* One sample's results (sample.c). */
struct mhp_sample {
	const struct mhp_kernel *kernel;
	const char *scenario;	/* NULL: the run's (mhpbench native has two) */
	const char *hotplug;	/* the hot-add method; NULL: a DIMM's */
	uint64_t size;
	int index;
	bool traced;		/* taken with the tracer on (row "traced") */
	enum mhp_outcome outcome;
	char reason[512];
	/*
	 * What the report says of a valid sample too (outcomes.csv column
	 * note): for altmap = rule kernels upstream's rule, "upstream
	 * rule: altmap: ..." or "upstream rule: no altmap: WHY".
	 */
	char note[256];
	char log[PATH_MAX];
	uint64_t wall_us;
	bool valid;
	int nrows;
	int cap;
	struct mhp_row *rows;
};

int mhp_sample_add(struct mhp_sample *s, long block, const char *metric,
		   double value, const char *unit);
/*
 * sizeof(struct page) for a sample: what its guest read from BTF (row
 * struct_page_bytes), else its kernel's build.
 */
unsigned int mhp_sample_struct_page(const struct mhp_sample *s);
/* Value of a whole-sample metric; false when absent. */
bool mhp_sample_get(const struct mhp_sample *s, const char *metric, double *v);
/* A timeline point: block "t<ms>" in samples.csv. */
int mhp_sample_add_t(struct mhp_sample *s, long t_ms, const char *metric,
		     double value, const char *unit);
void mhp_sample_free(struct mhp_sample *s);

/* The run context handed to scenarios. */
struct mhp_ctx {
	const struct mhp_opts *opts;
	const struct mhp_arch *arch;
	const char *accel;
	const char *image;	/* this arch's guest initramfs */
};

/* Commands. */
int mhp_cmd_run(int argc, char **argv, const char *top);
/* Their usage, for mhpbench --help and COMMAND --help (stdout, exit 0). */
void mhp_run_usage(FILE *f);
void mhp_native_usage(FILE *f);
void mhp_selftest_usage(FILE *f);
int mhp_cmd_selftest(int argc, char **argv, const char *top);
int mhp_cmd_native(int argc, char **argv, const char *top);

/* Scenarios: host side, one ops table per file (scenario_*.c). */
struct mhp_scenario {
	const char *name;
	const char *help;
	/* Drive one booted guest; fill s with rows; 0 or -1 (reason in s). */
	int (*run)(const struct mhp_ctx *ctx, struct mhp_guest *g,
		   struct mhp_sample *s);
	/* Derive metrics and the verdict from the raw rows. */
	void (*derive)(const struct mhp_ctx *ctx, struct mhp_sample *s);
	/* Boots the tools image (fio, stress-ng, numactl): tools.cpio.gz. */
	bool tools;
	/* Has a traced form (--trace yes): the latency decomposition. */
	bool traces;
	/* Optional: shape the machine (boot RAM, slots, NUMA layout). */
	void (*machine)(const struct mhp_opts *o, struct mhp_arch *a);
	/*
	 * Optional: NULL when the scenario applies to the arch, else why
	 * not; such samples are not booted, their outcome "not-applicable".
	 */
	const char *(*not_applicable)(const struct mhp_ctx *ctx);
	/*
	 * Runs with a method whose guest onlines eagerly (virtio-mem);
	 * other scenarios refuse such a method.
	 */
	bool eager_ok;
	/* Optional: run-level lines for summary.txt, after the table. */
	void (*summary)(FILE *f, const struct mhp_sample *samples, int n);
};

const struct mhp_scenario *mhp_scenario_find(const char *name);
void mhp_scenario_list(FILE *f);

/* Hot-add methods: how memory reaches a guest (hotplug.c). */
struct mhp_hotplug {
	const char *name;
	/* Whether the guest kernel onlines the memory by itself. */
	bool kernel_onlines;
	/*
	 * The guest must online each block as it comes: the device adds no
	 * more memory while too much of it is offline (virtio-mem).
	 */
	bool eager_online;
	/*
	 * remove takes the memory back by itself (the guest driver offlines
	 * and removes the blocks): the guest must not offline them first.
	 */
	bool device_removes;
	/*
	 * NULL, or why the method never puts the memmap on the memory it
	 * adds: every variant is then held to "memmap from existing memory".
	 */
	const char *no_memmap_on_memory;
	/* Sizes a run of this method takes when none were given for it. */
	const char *default_sizes;
	/*
	 * The Kconfig symbol the guest kernel needs for it, or NULL, and
	 * the guest's name of the fact when it runs (bench/lacks.c).
	 */
	const char *kconfig;
	const char *kconfig_what;
	bool kconfig_module_ok;	/* a module will do: the guest loads it */
	const char *guest_fact;
	/*
	 * Optional: QEMU options for what the method needs from boot on
	 * (the virtio-mem device), handed to emit as mhp_qemu_machine_opts.
	 */
	void (*boot_opts)(const struct mhp_arch *ar,
			  void (*emit)(void *ctx, const char *opt,
				       const char *val),
			  void *ctx);
	/* Optional: rows on what the device is (block size, address). */
	void (*rows)(struct mhp_guest *g, struct mhp_sample *s);
	/*
	 * Ask for size more bytes on node. DIMMs: device_add; virtio-mem:
	 * a larger requested-size, returning at once. *qmp_us: the QMP
	 * command's round trip.
	 */
	int (*add)(struct mhp_guest *g, uint64_t size, int node,
		   uint64_t *qmp_us, char *err, size_t errlen);
	/*
	 * Optional: wait up to timeout_ms until the device has plugged what
	 * was asked of it: *us from the call, *reached the last plugged
	 * size seen (also on a timeout, which returns -1 with err set).
	 */
	int (*wait)(struct mhp_guest *g, int timeout_ms, uint64_t *us,
		    uint64_t *reached, char *err, size_t errlen);
	/*
	 * Unplug the last DIMM added (its blocks offline already) and wait
	 * up to timeout_ms for QEMU to say it is gone: the QMP command's
	 * time in *qmp_us, the time until the DEVICE_DELETED event in
	 * *deleted_us. virtio-mem: requested-size 0, and the time until
	 * the plugged size is 0.
	 */
	int (*remove)(struct mhp_guest *g, int timeout_ms, uint64_t *qmp_us,
		      uint64_t *deleted_us, char *err, size_t errlen);
};

const struct mhp_hotplug *mhp_hotplug_find(const char *name);
/* The methods' names, ", "-separated, for messages. */
void mhp_hotplug_names(char *buf, size_t len);
/* The virtio-mem device's plugged size now (QMP qom-get); 0 or -1. */
int mhp_vmem_plugged(struct mhp_guest *g, uint64_t *size, char *err,
		     size_t errlen);

#endif
