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

# What the image is made of (the export records it; the job checks the
# sha256 when LAVA downloads it).
jq -n --arg arch "$arch" --arg image_sha256 "$(sha256_of "$out")" \
	--arg base_sha256 "$(sha256_of "$base")" \
	--arg runner_sha256 "$(sha256_of "$runner")" \
	--arg init_sha256 "$(sha256_of "$MHP_TOP/bench/lava/init.sh")" \
	'{arch: $arch, image_sha256: $image_sha256, base_image_sha256: $base_sha256,
	  runner_sha256: $runner_sha256, init_sha256: $init_sha256}' >"$out.json.tmp"
mv "$out.json.tmp" "$out.json"
