// SPDX-License-Identifier: GPL-2.0
/*
 * The size of a struct from BTF, without libbpf: walk the type section
 * (include/uapi/linux/btf.h), skipping each kind's trailing data, and
 * compare names in the string section.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf.h"

#define BTF_MAGIC 0xeb9f

struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off;
	uint32_t type_len;
	uint32_t str_off;
	uint32_t str_len;
};

struct btf_type {
	uint32_t name_off;
	uint32_t info;		/* vlen 0-15, kind 24-28, kind_flag 31 */
	uint32_t size_type;
};

enum {
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION,
	KIND_ENUM, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST,
	KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC,
	KIND_FLOAT, KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64, KIND_MAX
};

/* Bytes after struct btf_type for each kind, and per vlen entry. */
static const struct {
	uint8_t fixed;
	uint8_t per_vlen;
} kind_extra[KIND_MAX] = {
	[KIND_INT] = { 4, 0 },
	[KIND_PTR] = { 0, 0 },
	[KIND_ARRAY] = { 12, 0 },
	[KIND_STRUCT] = { 0, 12 },
	[KIND_UNION] = { 0, 12 },
	[KIND_ENUM] = { 0, 8 },
	[KIND_FWD] = { 0, 0 },
	[KIND_TYPEDEF] = { 0, 0 },
	[KIND_VOLATILE] = { 0, 0 },
	[KIND_CONST] = { 0, 0 },
	[KIND_RESTRICT] = { 0, 0 },
	[KIND_FUNC] = { 0, 0 },
	[KIND_FUNC_PROTO] = { 0, 8 },
	[KIND_VAR] = { 4, 0 },
	[KIND_DATASEC] = { 0, 12 },
	[KIND_FLOAT] = { 0, 0 },
	[KIND_DECL_TAG] = { 4, 0 },
	[KIND_TYPE_TAG] = { 0, 0 },
	[KIND_ENUM64] = { 0, 12 },
};

/* Whether the string at off of the string section is name. */
static int name_is(const char *strs, uint32_t slen, uint32_t off,
		   const char *name)
{
	size_t n = strlen(name);

	return off < slen && slen - off > n && !memcmp(strs + off, name, n) &&
	       strs[off + n] == '\0';
}

long mhp_btf_struct_size(const void *buf, size_t len, const char *name)
{
	const unsigned char *b = buf;
	struct btf_header h;
	const char *strs;
	uint64_t pos, end;

	if (!buf || len < sizeof(h))
		return -1;
	memcpy(&h, b, sizeof(h));
	if (h.magic != BTF_MAGIC || h.version != 1 || h.hdr_len < sizeof(h) ||
	    h.hdr_len > len ||
	    (uint64_t)h.type_off + h.type_len > len - h.hdr_len ||
	    (uint64_t)h.str_off + h.str_len > len - h.hdr_len ||
	    !h.str_len)
		return -1;
	strs = (const char *)b + h.hdr_len + h.str_off;
	pos = (uint64_t)h.hdr_len + h.type_off;
	end = pos + h.type_len;
	while (pos < end) {
		struct btf_type t;
		unsigned int kind, vlen;

		if (end - pos < sizeof(t))
			return -1;
		memcpy(&t, b + pos, sizeof(t));
		pos += sizeof(t);
		kind = (t.info >> 24) & 0x1f;
		vlen = t.info & 0xffff;
		if (!kind || kind >= KIND_MAX)
			return -1;
		if (kind == KIND_STRUCT &&
		    name_is(strs, h.str_len, t.name_off, name))
			return t.size_type;
		pos += kind_extra[kind].fixed +
		       (uint64_t)kind_extra[kind].per_vlen * vlen;
	}
	return -1;
}

long mhp_btf_file_struct_size(const char *path, const char *name)
{
	size_t cap = 1 << 20, got = 0;
	unsigned char *buf = malloc(cap);
	long size = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf)
		goto out;
	for (;;) {
		ssize_t n;

		if (got == cap) {
			unsigned char *more;

			/* vmlinux BTF is a few MiB; refuse anything absurd. */
			if (cap >= (256u << 20))
				goto out;
			more = realloc(buf, cap * 2);
			if (!more)
				goto out;
			buf = more;
			cap *= 2;
		}
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		got += n;
	}
	size = mhp_btf_struct_size(buf, got, name);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return size;
}
