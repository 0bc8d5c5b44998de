/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lines of the function_graph tracer's text output (tracefs "trace"),
 * with the options the guest sets: funcgraph-abstime, funcgraph-cpu,
 * funcgraph-duration, funcgraph-tail, funcgraph-overhead.
 *
 *   1234.567890 |   1)               |  add_memory_resource() {
 *   1234.570000 |   1) # 1234.567 us |    __populate_section_memmap();
 *   1234.600000 |   1) * 23456.78 us |  } SLASH* add_memory_resource *SLASH
 *   1234.610000 |   0)               |  SLASH* mhp online block=40 *SLASH
 *
 * (SLASH* and *SLASH stand for the C comment delimiters the kernel prints.)
 */
#ifndef MHP_FGRAPH_H
#define MHP_FGRAPH_H

#include <stddef.h>

enum mhp_fgraph_kind {
	MHP_FG_NONE,		/* a header, a separator, anything else */
	MHP_FG_ENTRY,		/* "func() {" */
	MHP_FG_EXIT,		/* "} SLASH* func *SLASH" (or "}" without the tail) */
	MHP_FG_LEAF,		/* "func();" */
	MHP_FG_MARKER,		/* a trace_marker comment */
};

struct mhp_fgraph_line {
	enum mhp_fgraph_kind kind;
	int cpu;
	double ts_s;		/* funcgraph-abstime, or -1 */
	double duration_us;	/* exit and leaf lines, else -1 */
	char func[64];		/* entry, leaf, exit with funcgraph-tail */
	char text[128];		/* marker: the text between the delimiters */
};

/*
 * Parse one line (without or with its newline). Returns 0 with l filled,
 * or -1 when the line is not a trace line (l->kind is then MHP_FG_NONE).
 */
int mhp_fgraph_parse_line(const char *line, struct mhp_fgraph_line *l);

/* The function name without a compiler suffix (".isra.0", ".part.1"). */
void mhp_fgraph_base_name(const char *func, char *out, size_t len);

#endif
