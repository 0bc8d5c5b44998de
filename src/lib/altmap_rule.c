// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream's rule for the memmap of a hot-added block, as Linux 6.12 has
 * it (altmap_rule.h), and the command line's memmap_on_memory mode.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "altmap_rule.h"
#include "compiler.h"
#include "size.h"

const char *mhp_mom_mode_name(enum mhp_mom_mode m)
{
	static const char *const names[] = {
		[MHP_MOM_OFF] = "0", [MHP_MOM_ON] = "1",
		[MHP_MOM_FORCE] = "force",
	};

	return m <= MHP_MOM_FORCE ? names[m] : "?";
}

/* kstrtobool() (lib/kstrtox.c): 1 true, 0 false, -1 not a boolean. */
static int kstrtobool(const char *s)
{
	if (strchr("yYtT1", *s) && *s)
		return 1;
	if (strchr("nNfF0", *s) && *s)
		return 0;
	if (*s == 'o' || *s == 'O') {
		if (s[1] == 'n' || s[1] == 'N')
			return 1;
		if (s[1] == 'f' || s[1] == 'F')
			return 0;
	}
	return -1;
}

/* parameqn() (kernel/params.c): '-' and '_' are the same. */
static bool param_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((a[i] == '-' ? '_' : a[i]) != (b[i] == '-' ? '_' : b[i]))
			return false;
	return true;
}

enum mhp_mom_mode mhp_mom_mode_parse(const char *cmdline)
{
	static const char key[] = "memory_hotplug.memmap_on_memory=";
	const size_t klen = sizeof(key) - 1;
	enum mhp_mom_mode mode = MHP_MOM_OFF;
	const char *p = cmdline ? cmdline : "";
	char val[16];
	size_t n;
	int b;

	while (*p) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n > klen && param_eq(p, key, klen) &&
		    n - klen < sizeof(val)) {
			memcpy(val, p + klen, n - klen);
			val[n - klen] = '\0';
			b = kstrtobool(val);
			/* set_memmap_mode(): sysfs_streq() and kstrtobool(). */
			if (!strcmp(val, "force") || !strcmp(val, "FORCE"))
				mode = MHP_MOM_FORCE;
			else if (b >= 0)
				mode = b ? MHP_MOM_ON : MHP_MOM_OFF;
		}
		p += n;
	}
	return mode;
}

static int hook_one(const char *tok, struct mhp_altmap_hooks *h, char *err,
		    size_t errlen)
{
	char page[32];
	const char *colon = strchr(tok, ':');
	const char *v = colon ? colon + 1 : "";
	uint64_t ps, align = 0;
	enum mhp_hook_kind kind = MHP_HOOK_ALIGN;

	if (!colon || (size_t)(colon - tok) >= sizeof(page)) {
		snprintf(err, errlen, "'%s': want PAGE:ALIGN (ALIGN a size, any or no)",
			 tok);
		return -1;
	}
	memcpy(page, tok, colon - tok);
	page[colon - tok] = '\0';
	if (mhp_size_parse(page, &ps) || !ps || (ps & (ps - 1))) {
		snprintf(err, errlen, "'%s': bad page size '%s'", tok, page);
		return -1;
	}
	if (!strcmp(v, "any"))
		kind = MHP_HOOK_ANY;
	else if (!strcmp(v, "no"))
		kind = MHP_HOOK_REFUSE;
	else if (mhp_size_parse(v, &align) || !align) {
		snprintf(err, errlen, "'%s': bad alignment '%s' (a size, any or no)",
			 tok, v);
		return -1;
	}
	if (h->n >= MHP_MAX_HOOKS) {
		snprintf(err, errlen, "more than %d page sizes", MHP_MAX_HOOKS);
		return -1;
	}
	h->h[h->n].page_size = ps;
	h->h[h->n].kind = kind;
	h->h[h->n].align = align;
	h->n++;
	return 0;
}

int mhp_altmap_hooks_parse(const char *text, struct mhp_altmap_hooks *h,
			   char *err, size_t errlen)
{
	char tok[64];
	const char *p = text ? text : "";
	size_t n;

	memset(h, 0, sizeof(*h));
	while (*(p += strspn(p, " \t"))) {
		n = strcspn(p, " \t");
		if (n >= sizeof(tok)) {
			snprintf(err, errlen, "'%.*s': too long", (int)n, p);
			return -1;
		}
		memcpy(tok, p, n);
		tok[n] = '\0';
		if (hook_one(tok, h, err, errlen))
			return -1;
		p += n;
	}
	return 0;
}

/* 256 MiB, 2 MiB, 256 KiB, 4096 bytes. */
static void human(int64_t v, char *buf, size_t len)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB" };
	size_t i = 0;

	while (i + 1 < ARRAY_SIZE(unit) && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		i++;
	}
	snprintf(buf, len, "%" PRId64 " %s", v, unit[i]);
}

static int64_t align_up(int64_t v, int64_t to)
{
	return (v + to - 1) / to * to;
}

#define SAY(fmt, ...) \
	snprintf(o->reason, sizeof(o->reason), "upstream rule: " fmt, \
		 ##__VA_ARGS__)

/* arch_supports_memmap_on_memory(): true, or false with the reason. */
static bool arch_hook(const struct mhp_rule_in *in, int64_t vmemmap,
		      struct mhp_rule_out *o)
{
	const struct mhp_altmap_hooks *h = in->hooks;
	char vs[32], as[32], ps[32];
	int i;

	human(in->page_size, ps, sizeof(ps));
	for (i = 0; h && i < h->n; i++)
		if ((int64_t)h->h[i].page_size == in->page_size)
			break;
	if (!h || i == h->n) {
		o->decided = false;
		SAY("not decided: the arch profile has no hook for %s pages (key altmap_arch_hook)",
		    ps);
		return false;
	}
	if (h->h[i].kind == MHP_HOOK_REFUSE) {
		SAY("no altmap: the arch refuses it with %s pages (arch_supports_memmap_on_memory())",
		    ps);
		return false;
	}
	if (h->h[i].kind == MHP_HOOK_ALIGN &&
	    vmemmap % (int64_t)h->h[i].align) {
		human(vmemmap, vs, sizeof(vs));
		human(h->h[i].align, as, sizeof(as));
		SAY("no altmap: the memmap of a block, %s, is not a multiple of %s (arch_supports_memmap_on_memory())",
		    vs, as);
		return false;
	}
	return true;
}

void mhp_altmap_rule(const struct mhp_rule_in *in, struct mhp_rule_out *o)
{
	const char *m = mhp_mom_mode_name(in->mode);
	int64_t ps = in->page_size, pb = in->pageblock_pages;
	int64_t vmemmap, block_pages, force;
	char bs[32], vs[32];

	memset(o, 0, sizeof(*o));
	o->decided = true;
	if (in->mode == MHP_MOM_OFF) {
		SAY("no altmap: memmap_on_memory=0");
		return;
	}
	if (ps <= 0 || in->block_size <= 0 || in->struct_page_bytes <= 0 ||
	    pb <= 0) {
		o->decided = false;
		SAY("not decided: %s not read",
		    ps <= 0 ? "page size" : in->block_size <= 0 ? "block size" :
		    in->struct_page_bytes <= 0 ? "sizeof(struct page)" :
		    "pageblock size");
		return;
	}
	human(in->block_size, bs, sizeof(bs));
	block_pages = in->block_size / ps;
	/* memory_block_memmap_size(): PHYS_PFN(block) * sizeof(struct page) */
	vmemmap = block_pages * in->struct_page_bytes;
	o->memmap_pages = (vmemmap + ps - 1) / ps;
	/* memory_block_memmap_on_memory_pages(): force aligns to pageblocks */
	force = align_up(o->memmap_pages, pb);
	o->reserved_pages = in->mode == MHP_MOM_FORCE ? force : o->memmap_pages;
	if (vmemmap % ps) {
		human(vmemmap, vs, sizeof(vs));
		SAY("no altmap: the memmap of a %s block, %s, is not whole pages (memmap_on_memory=%s)",
		    bs, vs, m);
		return;
	}
	if (o->reserved_pages % pb) {
		SAY("no altmap: memmap %" PRId64 " pages per %s block is not whole pageblocks of %" PRId64
		    " (memmap_on_memory=%s); =force would reserve %" PRId64,
		    o->memmap_pages, bs, pb, m, force);
		return;
	}
	if (o->reserved_pages == block_pages) {
		SAY("no altmap: its %" PRId64 " pages would fill the %s block (memmap_on_memory=%s)",
		    o->reserved_pages, bs, m);
		return;
	}
	if (!arch_hook(in, vmemmap, o))
		return;
	o->altmap = true;
	SAY("altmap: memmap %" PRId64 " pages per %s block, %" PRId64
	    " reserved (pageblocks of %" PRId64 "), %" PRId64
	    " wasted (memmap_on_memory=%s)",
	    o->memmap_pages, bs, o->reserved_pages, pb,
	    o->reserved_pages - o->memmap_pages, m);
}
