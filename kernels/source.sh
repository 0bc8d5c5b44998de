#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Print "DIR HASH VERSION" of a kernel source to build from.
#
#   kernels/source.sh [NAME]
#
# NAME is a kernel source of configs/sources/NAME.conf (default
# linux-source-6.1): Debian's linux-source-X package, installed when
# missing (kernels/deps.sh) and its tarball unpacked once into the cache;
# the unpacked tree is never modified, patched variants get a copy.
# KSRC=DIR: any kernel tree in place of the default source (variants that
# name another source keep theirs). Its hash is the git commit plus a
# hash of the uncommitted diff, or for a plain tree a hash of every
# file's path, size and mtime (cheap, and changes whenever the tree does).
# MHP_KTARBALL=FILE: another tarball for the default source.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEFAULT_SOURCE=linux-source-6.1
name=${1:-$DEFAULT_SOURCE}
sconf=$(source_conf "$name")
tarball=$(conf_get "$sconf" tarball)
package=$(conf_get "$sconf" package)
[ "$name" != "$DEFAULT_SOURCE" ] || tarball=${MHP_KTARBALL:-$tarball}

tree_hash() {
	local dir=$1
	if git -C "$dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
		printf 'git:%s:%s' "$(git -C "$dir" rev-parse HEAD)" \
			"$(git -C "$dir" diff HEAD | sha256sum | cut -c1-16)"
	else
		printf 'tree:%s' "$(cd "$dir" && find . -path ./.git -prune -o \
			-type f -printf '%P %s %T@\n' | LC_ALL=C sort | sha256sum |
			cut -d' ' -f1)"
	fi
}

is_kernel_tree() {
	[ -f "$1/Makefile" ] && [ -f "$1/Kconfig" ] && [ -d "$1/arch" ] &&
		[ -f "$1/scripts/kconfig/merge_config.sh" ] &&
		grep -q '^PATCHLEVEL' "$1/Makefile"
}

kversion() {
	make -s -C "$1" kernelversion 2>/dev/null | tail -n1
}

if [ -n "${KSRC:-}" ] && [ "$name" = "$DEFAULT_SOURCE" ]; then
	[ -d "$KSRC" ] || die "KSRC=$KSRC: no such directory"
	dir=$(cd "$KSRC" && pwd)
	is_kernel_tree "$dir" || die "KSRC=$KSRC: not a kernel source tree"
	echo "$dir $(tree_hash "$dir") $(kversion "$dir")"
	exit 0
fi

# The package of a source other than the default is installed here, when
# a variant first asks for it (the default is in configs/packages.list).
if [ ! -r "$tarball" ] && [ "$tarball" = "$(conf_get "$sconf" tarball)" ]; then
	MHP_EXTRA_PACKAGES="$package" "$MHP_TOP/kernels/deps.sh" >&2
fi
[ -r "$tarball" ] ||
	die "$tarball missing: install $package or give KSRC=DIR"
sum=$(sha256_of "$tarball")
dir=$MHP_CACHE/src/$name
if [ "$(cat "$dir/.mhpbench-src" 2>/dev/null)" != "$sum" ]; then
	note "unpacking $(basename "$tarball") into the cache (once)"
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	tar -xJf "$tarball" -C "$dir.tmp" --strip-components=1
	echo "$sum" >"$dir.tmp/.mhpbench-src"
	mv "$dir.tmp" "$dir"
fi
is_kernel_tree "$dir" || die "$tarball: does not unpack to a kernel tree"
echo "$dir tarball:$sum $(kversion "$dir")"
