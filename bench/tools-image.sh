#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the tools image of one architecture: the guest image, followed by
# a second archive (the kernel unpacks concatenated ones in turn) with
# fio, stress-ng and numactl of the guest's Debian architecture, their
# shared libraries and the dynamic loader (kernels/guest-tools.sh fetches
# and lays them out). The oom and numa scenarios boot it; the default
# image stays small, so that the hot-add scenario's boots stay quick.
#
#   bench/tools-image.sh ARCH INITRAMFS OUTPUT.cpio.gz
set -euo pipefail
. "$(dirname "$0")/../kernels/lib.sh"

[ $# -eq 3 ] || die "usage: bench/tools-image.sh ARCH INITRAMFS OUTPUT"
arch=$1 base=$2 out=$3
darch=$(conf_get "$(arch_conf "$arch")" debian_arch)
[ -r "$base" ] || die "$base missing: build the guest image first"
"$MHP_TOP/kernels/guest-tools.sh" "$darch"
root=$MHP_CACHE/guest/$darch/tools/root
[ -d "$root" ] || die "$root missing"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a "$root/." "$stage/"
mkdir -p "$stage/mnt"
image_append "$base" "$stage" "$out" 6
