// SPDX-License-Identifier: GPL-2.0
/* Pages by their /proc/kpageflags flags. */
#include "kpf.h"

bool mhp_kpf_self_hosted(uint64_t flags)
{
	const uint64_t in_use = MHP_KPF_LRU | MHP_KPF_SLAB | MHP_KPF_BUDDY |
				MHP_KPF_MMAP | MHP_KPF_ANON |
				MHP_KPF_COMPOUND_HEAD | MHP_KPF_COMPOUND_TAIL |
				MHP_KPF_HUGE | MHP_KPF_OFFLINE |
				MHP_KPF_PGTABLE;

	if (!(flags & MHP_KPF_OWNER_PRIVATE))
		return false;
	return (flags & MHP_KPF_RESERVED) || !(flags & in_use);
}
