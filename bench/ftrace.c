// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel latency decomposition of a hot-add: the function_graph
 * tracer on the few functions that make up adding, onlining, offlining
 * and removing memory, with a filter so that nothing else is traced.
 * Each traced call is attributed to a memory block:
 *
 *  - online_pages, mhp_init_memmap_on_memory (the altmap's own memmap
 *    init), offline_pages, mhp_deinit_memmap_on_memory: the block whose
 *    state we were writing (a trace_marker line before each write);
 *  - add_memory_resource and __remove_memory run once per DIMM in the
 *    kernel's own context: the n-th call is the n-th DIMM, and a call
 *    that covers k blocks is split evenly over them;
 *  - arch_add_memory and arch_remove_memory (the direct map and the
 *    vmemmap of the range: once per DIMM on stock 6.1, once per block
 *    with the multi-block series), sparse_remove_section and vmemmap_free
 *    (once per memory section) run inside the call of their DIMM, in
 *    address order: of c calls in a DIMM of k blocks, the j-th belongs to
 *    block j * k / c when c >= k, else it is split evenly over blocks
 *    j * k / c to (j + 1) * k / c - 1.
 *
 * Rows, per block: ftrace_<function>_us (leading underscores dropped),
 * and ftrace_total_us, the sum of the functions that do not nest in one
 * another (add, memmap init, online, offline, memmap deinit, remove).
 * A kernel worker that sleeps in a section call and wakes on another CPU
 * may show that section's time against its neighbour's block; the sums
 * per DIMM stay right.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fgraph.h"
#include "guest.h"

#define TRACEFS "/sys/kernel/tracing"
#define MAX_FT_BLOCKS 256
#define MAX_DIMMS 64
#define TRACE_BUF (1024 * 1024)

enum how { DIMM, NESTED, ONLINE, OFFLINE };

/*
 * The functions, in the order they nest. In 6.1 the vmemmap population
 * itself (__populate_section_memmap, vmemmap_populate) is __meminit,
 * which is notrace: arch_add_memory, the direct map and the vmemmap of
 * the range, is the finest traceable view of it (kept in the list should
 * a kernel trace the former). A section function names its DIMM
 * function: it runs inside that call.
 */
static const struct {
	const char *func;
	enum how how;
	bool top;		/* not nested in another traced function */
	const char *parent;	/* NESTED: its DIMM function */
} funcs[] = {
	{ "add_memory_resource", DIMM, true, NULL },
	{ "arch_add_memory", NESTED, false, "add_memory_resource" },
	{ "__populate_section_memmap", NESTED, false, "add_memory_resource" },
	{ "mhp_init_memmap_on_memory", ONLINE, true, NULL },
	{ "online_pages", ONLINE, true, NULL },
	{ "offline_pages", OFFLINE, true, NULL },
	{ "mhp_deinit_memmap_on_memory", OFFLINE, true, NULL },
	{ "__remove_memory", DIMM, true, NULL },
	{ "arch_remove_memory", NESTED, false, "__remove_memory" },
	{ "sparse_remove_section", NESTED, false, "__remove_memory" },
	{ "vmemmap_free", NESTED, false, "__remove_memory" },
};

#define NFUNCS ARRAY_SIZE(funcs)

static size_t func_index(const char *name)
{
	size_t f;

	for (f = 0; f < NFUNCS && strcmp(funcs[f].func, name); f++)
		;
	return f;
}

static int marker_fd = -1;
static bool active;

static int option(const char *name, const char *v)
{
	char path[128];

	snprintf(path, sizeof(path), TRACEFS "/options/%s", name);
	return write_text(path, v);
}

static int truncate_file(const char *name)
{
	int fd = open(name, O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int ftrace_begin(void)
{
	static char filter[4096];
	cpu_set_t cpus;
	size_t i;
	int n = 0;

	active = false;
	if (access(TRACEFS "/current_tracer", W_OK))
		return -1;
	write_text(TRACEFS "/tracing_on", "0");
	write_text(TRACEFS "/current_tracer", "nop");
	if (truncate_file(TRACEFS "/set_ftrace_filter"))
		return -1;
	/* One at a time: a function this kernel lacks fails alone. */
	for (i = 0; i < NFUNCS; i++)
		write_text(TRACEFS "/set_ftrace_filter", funcs[i].func);
	if (read_text(TRACEFS "/set_ftrace_filter", filter, sizeof(filter)) < 0)
		return -1;
	for (i = 0; i < NFUNCS; i++)
		n += !!strstr(filter, funcs[i].func);
	/* An empty filter would trace every function of the kernel. */
	if (!n || filter[0] == '#')
		return -1;
	write_text(TRACEFS "/trace_clock", "mono");
	write_text(TRACEFS "/buffer_size_kb", "1024");
	option("funcgraph-abstime", "1");
	option("funcgraph-tail", "1");
	option("funcgraph-irqs", "0");
	option("funcgraph-proc", "0");
	truncate_file(TRACEFS "/trace");
	if (write_text(TRACEFS "/current_tracer", "function_graph") ||
	    write_text(TRACEFS "/tracing_on", "1"))
		return -1;
	marker_fd = open(TRACEFS "/trace_marker", O_WRONLY | O_CLOEXEC);
	/*
	 * Our sysfs writes (online, offline) stay on one CPU: a call that
	 * sleeps and wakes on another CPU would have its return printed
	 * against the next call's entry, out of order with our markers.
	 */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	active = true;
	return 0;
}

void ftrace_mark(const char *what, long block)
{
	char line[64];
	int n;

	if (!active || marker_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "mhp %s block=%ld\n", what, block);
	if (write(marker_fd, line, n) < 0)
		return;
}

struct ft_block {
	long id;
	double us[NFUNCS];
	bool seen[NFUNCS];
};

struct ft_call {
	size_t f;
	int dimm;		/* per DIMM and per section: its DIMM */
	int seq;		/* per section: its index within the DIMM */
	double us;
};

static struct ft_block fb[MAX_FT_BLOCKS];
static struct ft_call calls[4096];

static struct ft_block *ft_block(long id, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fb[i].id == id)
			return &fb[i];
	return NULL;
}

static void charge(struct ft_block *b, size_t f, double us)
{
	if (!b)
		return;
	b->us[f] += us;
	b->seen[f] = true;
}

static void send_rows(struct guest *g, int nb)
{
	char name[64];
	size_t f;
	int i;

	for (i = 0; i < nb; i++) {
		double total = 0;

		for (f = 0; f < NFUNCS; f++) {
			if (!fb[i].seen[f])
				continue;
			snprintf(name, sizeof(name), "ftrace_%s_us",
				 funcs[f].func + strspn(funcs[f].func, "_"));
			chan_metric(g, fb[i].id, name, (long long)(fb[i].us[f] + 0.5),
				    "us");
			if (funcs[f].top)
				total += fb[i].us[f];
		}
		chan_metric(g, fb[i].id, "ftrace_total_us", (long long)(total + 0.5),
			    "us");
	}
}

void ftrace_end(struct guest *g, const long *first, const long *count,
		int ndimms)
{
	static char text[TRACE_BUF];
	static int nsec[NFUNCS][MAX_DIMMS];
	int ndone[NFUNCS] = { 0 };
	long online = -1, offline = -1, bl, lo, hi;
	int ncalls = 0, nb = 0, i, d;
	struct mhp_fgraph_line l;
	char *line, *next, base[64];
	size_t f;

	if (!active)
		return;
	active = false;
	memset(nsec, 0, sizeof(nsec));
	write_text(TRACEFS "/tracing_on", "0");
	if (marker_fd >= 0)
		close(marker_fd);
	marker_fd = -1;
	if (read_text(TRACEFS "/trace", text, sizeof(text)) < 0)
		text[0] = '\0';
	write_text(TRACEFS "/current_tracer", "nop");
	truncate_file(TRACEFS "/set_ftrace_filter");
	chan_file(g, "ftrace", text, strlen(text));
	if (ndimms > MAX_DIMMS)
		ndimms = MAX_DIMMS;
	for (d = 0; d < ndimms; d++)
		for (bl = 0; bl < count[d] && nb < MAX_FT_BLOCKS; bl++) {
			memset(&fb[nb], 0, sizeof(fb[nb]));
			fb[nb++].id = first[d] + bl;
		}

	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (mhp_fgraph_parse_line(line, &l))
			continue;
		if (l.kind == MHP_FG_MARKER) {
			if (sscanf(l.text, "mhp online block=%ld", &bl) == 1)
				online = bl;
			else if (sscanf(l.text, "mhp offline block=%ld", &bl) == 1)
				offline = bl;
			continue;
		}
		if (l.kind != MHP_FG_EXIT && l.kind != MHP_FG_LEAF)
			continue;
		mhp_fgraph_base_name(l.func, base, sizeof(base));
		f = func_index(base);
		if (f == NFUNCS || ncalls == ARRAY_SIZE(calls))
			continue;
		switch (funcs[f].how) {
		case ONLINE:
			charge(ft_block(online, nb), f, l.duration_us);
			break;
		case OFFLINE:
			charge(ft_block(offline, nb), f, l.duration_us);
			break;
		case DIMM:
			/* The n-th call is the n-th DIMM. */
			d = ndone[f]++;
			if (d >= MAX_DIMMS)
				break;
			calls[ncalls++] = (struct ft_call){ f, d, nsec[f][d]++,
							    l.duration_us };
			break;
		case NESTED:
			/* Inside the call of the DIMM in progress. */
			d = ndone[func_index(funcs[f].parent)];
			if (d >= MAX_DIMMS)
				break;
			calls[ncalls++] = (struct ft_call){ f, d, nsec[f][d]++,
							    l.duration_us };
			break;
		}
	}
	for (i = 0; i < ncalls; i++) {
		const struct ft_call *c = &calls[i];

		d = c->dimm;
		if (d >= ndimms || !count[d])
			continue;
		lo = (long)c->seq * count[d] / nsec[c->f][d];
		hi = (long)(c->seq + 1) * count[d] / nsec[c->f][d];
		if (hi <= lo)
			hi = lo + 1;
		for (bl = lo; bl < hi; bl++)
			charge(ft_block(first[d] + bl, nb), c->f, c->us / (hi - lo));
	}
	send_rows(g, nb);
}
