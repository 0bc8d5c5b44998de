#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the LAVA guest image of one architecture: the guest image followed
# by a second archive with mhpbench-lava and an /init that runs it
# (bench/lava/init.sh) instead of the guest driver's wait for a host.
#
#   bench/lava/image.sh ARCH INITRAMFS MHPBENCH_LAVA OUTPUT.cpio.gz
set -euo pipefail
. "$(dirname "$0")/../../kernels/lib.sh"

[ $# -eq 4 ] || die "usage: bench/lava/image.sh ARCH INITRAMFS MHPBENCH_LAVA OUTPUT"
arch=$1 base=$2 runner=$3 out=$4
[ -r "$base" ] || die "$base missing: make guest ARCHS=$arch"
[ -x "$runner" ] || die "$runner missing"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin"
install -m 0755 "$runner" "$stage/bin/mhpbench-lava"
install -m 0755 "$MHP_TOP/bench/lava/init.sh" "$stage/init"
image_append "$base" "$stage" "$out" 9
