#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bad input, table-driven: every case must give one clear line on stderr
# and exit status 2, never a crash. Runs the sanitized runner when the
# test target built one (MHPBENCH_SAN), so ASan/UBSan watch every case.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

M=${MHPBENCH_SAN:-$MHPBENCH}
[ -x "$M" ] || { not_ok "no runner at $M"; exit 0; }
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:exitcode=98
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A private copy of the configs, to break profiles and variants in.
top=$tmp/top
mkdir -p "$top"
cp -r "$TOP/configs" "$top/"
K="--kernels $TOP/build/kernels"

conf() {	# conf NAME TEXT: a bench config in the temp dir
	printf '%b' "$2" >"$tmp/$1.conf"
	echo "$tmp/$1.conf"
}

# Command line.
expect_exit2 "no command" "$M"
expect_exit2 "unknown command" "$M" frobnicate
expect_exit2 "unknown option" "$M" run --frobnicate
expect_exit2 "option without its value" "$M" run --sizes
expect_exit2 "stray argument" "$M" run extra
expect_exit2 "unknown arch" "$M" run --arch sparc
expect_exit2 "arch name with a slash" "$M" run --arch ../x86_64
expect_exit2 "unknown variant" "$M" run --variants baseline,nosuch
expect_exit2 "empty variant list" "$M" run --variants ,
expect_exit2 "unknown scenario" "$M" run --scenario nosuch
expect_exit2 "bad size syntax" "$M" run --sizes 1.5G
expect_exit2 "negative size" "$M" run --sizes -128M
expect_exit2 "size with junk" "$M" run --sizes 128Mb
expect_exit2 "size overflow" "$M" run --sizes 99999999999999999999G
expect_exit2 "zero size" "$M" run --sizes 0
expect_exit2 "size not a block multiple" "$M" run --sizes 100M
expect_exit2 "size beyond maxmem" "$M" run --sizes 64G
expect_exit2 "too many sizes" "$M" run --sizes 128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M
expect_exit2 "zero samples" "$M" run --samples 0
expect_exit2 "samples not a number" "$M" run --samples many
expect_exit2 "samples too many" "$M" run --samples 100000
expect_exit2 "bad online mode" "$M" run --online sideways
expect_exit2 "bad accelerator" "$M" run --accel hvf
expect_exit2 "boot timeout zero" "$M" run --boot-timeout 0
expect_exit2 "boot timeout with junk" "$M" run --boot-timeout 10s
expect_exit2 "missing config" "$M" run --config /nonexistent.conf
expect_exit2 "missing kernels" "$M" run --kernels /nonexistent
expect_exit2 "missing guest image" "$M" run $K --image /nonexistent.cpio.gz
expect_exit2 "resume of nothing" "$M" run --resume "$tmp/norun"
expect_exit2 "resume with other options" "$M" run --resume "$tmp" --samples 2
expect_exit2 "kernel args too long" "$M" run --append "$(printf 'x%.0s' $(seq 300))"
expect_exit2 "trace neither yes nor no" "$M" run --trace maybe
expect_exit2 "trace for a scenario without a traced form" "$M" run --trace yes --scenario oom
expect_exit2 "alpha zero" "$M" run --alpha 0
expect_exit2 "alpha of one" "$M" run --alpha 1
expect_exit2 "alpha not a number" "$M" run --alpha often
expect_exit2 "min-change negative" "$M" run --min-change -5%
expect_exit2 "min-change two percent signs" "$M" run --min-change 5%%
expect_exit2 "min-change beyond 100%" "$M" run --min-change 1.5
expect_exit2 "min-change not a number" "$M" run --min-change some

# Config files.
expect_exit2 "config: unknown key" "$M" run --config "$(conf k 'arch = x86_64\nbogus = 1\n')"
expect_exit2 "config: line without =" "$M" run --config "$(conf e 'arch x86_64\n')"
expect_exit2 "config: duplicate key" "$M" run --config "$(conf d 'samples = 1\nsamples = 2\n')"
expect_exit2 "config: bad size" "$M" run --config "$(conf s 'sizes = 12Q\n')"
expect_exit2 "config: bad key name" "$M" run --config "$(conf n 'Arch = x86_64\n')"
expect_exit2 "config: NUL byte" "$M" run --config "$(conf z 'arch = x86\0_64\n')"
expect_exit2 "config: bad alpha" "$M" run --config "$(conf a 'alpha = 1.5\n')"
expect_exit2 "config: bad min_change" "$M" run --config "$(conf c 'min_change = five\n')"
expect_exit2 "config: bad trace" "$M" run --config "$(conf t 'trace = sometimes\n')"
expect_exit2 "config: pair without a description" "$M" run --config "$(conf p1 'pair = baseline altmap\n')"
expect_exit2 "config: pair of one variant" "$M" run --config "$(conf p2 'pair = baseline\n')"
expect_exit2 "config: pair of a variant with itself" "$M" run --config "$(conf p3 'pair = altmap altmap why\n')"
expect_exit2 "config: pair of an unknown variant" "$M" run --config "$(conf p4 'pair = baseline nosuch why\n')"
expect_exit2 "config: pair given twice" "$M" run --config \
	"$(conf p5 'variants = baseline,altmap\npair = baseline altmap a\npair = baseline altmap b\n')"
expect_exit2 "config: pair naming a variant the run does not have" "$M" run --config \
	"$(conf p6 'variants = baseline,altmap\npair = altmap-off altmap why\n')"

# Arch profiles and variants (in the private copy of configs/).
prof=$top/configs/arch/x86_64.conf
cp "$prof" "$tmp/x86_64.conf.orig"
sed -i '/^qemu =/d' "$prof"
expect_exit2 "profile: missing key" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
echo 'warp = 9' >>"$prof"
expect_exit2 "profile: unknown key" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^block_size = .*/block_size = lots/' "$prof"
expect_exit2 "profile: bad block size" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^hotplug = .*/hotplug = telepathy/' "$prof"
expect_exit2 "profile: unknown hot-add method" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i '/^bigblock_maxmem =/d' "$prof"
expect_exit2 "profile: half a big-block machine" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^bigblock_block_size = .*/bigblock_block_size = 3G/' "$prof"
expect_exit2 "profile: big blocks not a power of two" env MHP_TOP="$top" "$M" run --bigblock yes $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^altmap = .*/altmap = maybe/' "$top/configs/variants/altmap.conf"
expect_exit2 "variant: altmap neither yes nor no" env MHP_TOP="$top" "$M" run $K
cp "$TOP/configs/variants/altmap.conf" "$top/configs/variants/altmap.conf"
echo 'cmdline.sparc = memory_hotplug.memmap_on_memory=1' >>"$top/configs/variants/altmap.conf"
expect_exit2 "variant: command line of an arch without a profile" env MHP_TOP="$top" "$M" run $K
cp "$TOP/configs/variants/altmap.conf" "$top/configs/variants/altmap.conf"
echo 'cmdline.x86_64.extra = x' >>"$top/configs/variants/altmap.conf"
expect_exit2 "variant: key qualified twice" env MHP_TOP="$top" "$M" run $K

# Several arches, and what a profile needs on the host.
expect_exit2 "arch given twice" "$M" run --arch x86_64,arm64,x86_64
expect_exit2 "empty arch list" "$M" run --arch ,
expect_exit2 "size that suits no arch of the run" "$M" run --arch x86_64,powerpc --sizes 100M
expect_exit2 "powerpc: size not whole LMBs" "$M" run --arch powerpc --sizes 128M
expect_exit2 "one --image for several arches" "$M" run --arch x86_64,arm64 --image /tmp/x

# The big-block machine.
expect_exit2 "bigblock neither yes nor no" "$M" run --bigblock maybe
expect_exit2 "bigblock on an arch without one" "$M" run --arch powerpc --bigblock yes
expect_exit2 "bigblock: size not whole 2 GiB blocks" "$M" run --bigblock yes --sizes 1G
expect_exit2 "bigblock: size beyond its maxmem" "$M" run --bigblock yes --sizes 64G
cp "$TOP/configs/variants/altmap.conf" "$top/configs/variants/altmap.conf"
prof=$top/configs/arch/arm64.conf
cp "$prof" "$tmp/arm64.conf.orig"
sed -i 's|^firmware = .*|firmware = /nonexistent/QEMU_EFI.fd|' "$prof"
expect_exit2 "profile: firmware not installed" env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
sed -i 's|^qemu = .*|qemu = qemu-system-nonexistent|' "$prof"
expect_exit2 "profile: QEMU binary not installed" env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
sed -i '/^kvm_host =/d' "$prof"
expect_exit2 "profile: missing kvm_host" env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
sed -i 's/^page_size = .*/page_size = 3000/' "$prof"
expect_exit2 "profile: page size not a power of two" env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
expect_exit2 "profile key: missing" "$TOP/kernels/profile.sh" arm64 nosuchkey
sed -i '/^patches =/d' "$prof"
expect_exit2 "build: profile without its patches key" env MHP_TOP="$top" \
	"$TOP/kernels/build.sh" arm64 baseline
cp "$tmp/arm64.conf.orig" "$prof"

# A kernels dir whose build.json is not one.
mkdir -p "$tmp/kern/x86_64/baseline" "$tmp/kern/x86_64/altmap"
echo '{"hello": 1}' >"$tmp/kern/x86_64/baseline/build.json"
expect_exit2 "kernel: foreign build.json" "$M" run --kernels "$tmp/kern"
echo 'not json' >"$tmp/kern/x86_64/baseline/build.json"
expect_exit2 "kernel: build.json not JSON" "$M" run --kernels "$tmp/kern"

# The build pipeline.
expect_exit2 "build: unknown arch" "$TOP/kernels/build.sh" sparc baseline
expect_exit2 "build: unknown variant" "$TOP/kernels/build.sh" x86_64 nosuch
expect_exit2 "build: no variant" "$TOP/kernels/build.sh" x86_64
expect_exit2 "KSRC that is not a kernel tree" env KSRC="$tmp" "$TOP/kernels/source.sh"
expect_exit2 "KSRC that does not exist" env KSRC="$tmp/none" "$TOP/kernels/source.sh"
expect_exit2 "deps: unknown arch" "$TOP/kernels/deps.sh" sparc

# mhpbench native: options first; --blocks 0 --dax none leaves nothing to
# hot-plug on any machine, so these never touch the machine's memory.
N="--blocks 0 --dax none"
expect_exit2 "native: unknown option" "$M" native --frobnicate
expect_exit2 "native: option without its value" "$M" native --samples
expect_exit2 "native: stray argument" "$M" native extra
expect_exit2 "native: zero samples" "$M" native --samples 0
expect_exit2 "native: samples not a number" "$M" native --samples 3x
expect_exit2 "native: negative blocks" "$M" native --blocks -1
expect_exit2 "native: dax name with a slash" "$M" native --dax ../dax0.0
expect_exit2 "native: empty dax name" "$M" native --dax ''
expect_exit2 "native: zero timeout" "$M" native --timeout 0
expect_exit2 "native: empty out dir" "$M" native --out ''
expect_exit2 "native: empty daxctl" "$M" native --daxctl ''
expect_exit2 "native: no driver there" "$M" native --driver "$tmp/none" $N
expect_exit2 "native: nothing to hot-plug" "$M" native $N --out "$tmp/nat"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	expect_exit2 "native: not root" setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$M" native $N --out "$tmp/nat"
else
	expect_exit2 "native: not root" "$M" native $N --out "$tmp/nat"
fi
