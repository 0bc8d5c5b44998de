/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal reader of the kernel's BTF (/sys/kernel/btf/vmlinux): the
 * size of a named struct, which is how the guest driver and native mode
 * learn sizeof(struct page) from the running kernel itself.
 */
#ifndef MHP_BTF_H
#define MHP_BTF_H

#include <stddef.h>

#define MHP_BTF_VMLINUX "/sys/kernel/btf/vmlinux"

/*
 * The size of STRUCT name in the BTF blob buf of len bytes (header, type
 * section, string section, in the host's byte order); -1 when the blob is
 * malformed, of another byte order or has no such struct.
 */
long mhp_btf_struct_size(const void *buf, size_t len, const char *name);

/* The same, read from the file at path; -1 also when it cannot be read. */
long mhp_btf_file_struct_size(const char *path, const char *name);

#endif
