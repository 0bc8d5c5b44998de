#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the static mhpbench-lava of one architecture with the profile's
# compiler: the host's scenario code, QMP client and control channel
# (the sources the Makefile lists) linked against the guest
# architecture's json-c (kernels/lava-deps.sh unpacks libjson-c-dev).
#
#   bench/lava/build.sh ARCH OUTPUT SOURCE...
set -euo pipefail
. "$(dirname "$0")/../../kernels/lib.sh"

[ $# -gt 2 ] || die "usage: bench/lava/build.sh ARCH OUTPUT SOURCE..."
arch=$1 out=$2
shift 2
conf=$(arch_conf "$arch")
darch=$(conf_get "$conf" debian_arch)
cross=$(conf_get "$conf" cross_compile)
cc=${cross:+${cross}gcc}
cc=${cc:-${CC:-gcc}}
triplet=$($cc -print-multiarch)
root=$MHP_CACHE/guest/$darch/jsonc/root
[ -r "$root/usr/lib/$triplet/libjson-c.a" ] ||
	die "$root/usr/lib/$triplet/libjson-c.a missing: make lava-deps ARCHS=$arch"
echo "  CC      $out (static, $cc, json-c of $darch)"
mkdir -p "$(dirname "$out")"
# shellcheck disable=SC2086 # GUEST_CFLAGS is a list of flags
$cc ${GUEST_CFLAGS:--O2 -g} -Isrc -I"$root/usr/include" -static "$@" \
	-L"$root/usr/lib/$triplet" -ljson-c -lm -o "$out.tmp"
mv "$out.tmp" "$out"
