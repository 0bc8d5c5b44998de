#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bad input, table-driven: every case must give one clear line on stderr
# and exit status 2, never a crash. Runs the sanitized runner when the
# test target built one (MHPBENCH_SAN), so ASan/UBSan watch every case.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# One result per case of the table below: its expect_exit2 lines.
plan "$(grep -c '^[[:space:]]*expect_exit2 ' "$0")"

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
expect_exit2 "no command" 'no command' "$M"
expect_exit2 "unknown command" "unknown command 'frobnicate'" "$M" frobnicate
expect_exit2 "unknown option" "unknown option '--frobnicate'" "$M" run --frobnicate
expect_exit2 "option without its value" "missing value for '--sizes'" "$M" run --sizes
expect_exit2 "stray argument" "unexpected argument 'extra'" "$M" run extra
expect_exit2 "unknown arch" "unknown arch 'sparc'" "$M" run --arch sparc
expect_exit2 "arch name with a slash" "bad arch name '\\.\\./x86_64'" "$M" run --arch ../x86_64
expect_exit2 "unknown variant" "unknown variant 'nosuch'" "$M" run --variants baseline,nosuch
expect_exit2 "empty variant list" 'no variant given' "$M" run --variants ,
expect_exit2 "unknown scenario" "unknown scenario 'nosuch'" "$M" run --scenario nosuch
expect_exit2 "bad size syntax" "bad size '1\\.5G'" "$M" run --sizes 1.5G
expect_exit2 "negative size" "bad size '-128M'" "$M" run --sizes -128M
expect_exit2 "size with junk" "bad size '128Mb'" "$M" run --sizes 128Mb
expect_exit2 "size overflow" "bad size '9+G'" "$M" run --sizes 99999999999999999999G
expect_exit2 "zero size" "bad size '0'" "$M" run --sizes 0
expect_exit2 "size not a block multiple" 'size 100M is not a multiple of the 128M memory block of x86_64' "$M" run --sizes 100M
expect_exit2 "size beyond maxmem" 'size 64G does not fit under maxmem of x86_64' "$M" run --sizes 64G
expect_exit2 "too many sizes" 'too many sizes \(at most 16\)' "$M" run --sizes 128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M,128M
expect_exit2 "zero samples" "bad sample count '0'" "$M" run --samples 0
expect_exit2 "samples not a number" "bad sample count 'many'" "$M" run --samples many
expect_exit2 "samples too many" "bad sample count '100000'" "$M" run --samples 100000
expect_exit2 "bad online mode" "bad online mode 'sideways'" "$M" run --online sideways
expect_exit2 "bad accelerator" "bad accelerator 'hvf'" "$M" run --accel hvf
expect_exit2 "boot timeout zero" "bad boot timeout '0'" "$M" run --boot-timeout 0
expect_exit2 "boot timeout with junk" "bad boot timeout '10s'" "$M" run --boot-timeout 10s
expect_exit2 "missing config" '/nonexistent\.conf: cannot read the config' "$M" run --config /nonexistent.conf
expect_exit2 "missing kernels" 'no kernel for x86_64/baseline \(/nonexistent/x86_64/baseline/build\.json missing' "$M" run --kernels /nonexistent
expect_exit2 "missing guest image" 'guest image /nonexistent\.cpio\.gz missing' "$M" run $K --image /nonexistent.cpio.gz
expect_exit2 "resume of nothing" 'norun/meta\.json: not a run to resume' "$M" run --resume "$tmp/norun"
expect_exit2 "resume with other options" '--resume takes a run dir and nothing else' "$M" run --resume "$tmp" --samples 2
expect_exit2 "kernel args too long" 'kernel command line addition too long' "$M" run --append "$(printf 'x%.0s' $(seq 300))"

# Config files.
expect_exit2 "config: unknown key" "k\\.conf: unknown key 'bogus'" "$M" run --config "$(conf k 'arch = x86_64\nbogus = 1\n')"
expect_exit2 "config: line without =" "e\\.conf:1: expected 'key = value'" "$M" run --config "$(conf e 'arch x86_64\n')"
expect_exit2 "config: duplicate key" "d\\.conf:2: duplicate key 'samples'" "$M" run --config "$(conf d 'samples = 1\nsamples = 2\n')"
expect_exit2 "config: bad size" "s\\.conf: bad size '12Q'" "$M" run --config "$(conf s 'sizes = 12Q\n')"
expect_exit2 "config: bad key name" 'n\.conf:1: bad key' "$M" run --config "$(conf n 'Arch = x86_64\n')"
expect_exit2 "config: NUL byte" 'z\.conf: NUL byte' "$M" run --config "$(conf z 'arch = x86\0_64\n')"
expect_exit2 "trace neither yes nor no" "bad trace 'maybe'" "$M" run --trace maybe
expect_exit2 "order neither random nor fixed" "bad order 'shuffled'" "$M" run --order shuffled
expect_exit2 "seed not a number" "bad seed '12ab'" "$M" run --seed 12ab
expect_exit2 "seed negative" "bad seed '-1'" "$M" run --seed -1
expect_exit2 "trace for a scenario without a traced form" 'scenario oom has no traced form' "$M" run --trace yes --scenario oom
expect_exit2 "alpha zero" "bad alpha '0'" "$M" run --alpha 0
expect_exit2 "alpha of one" "bad alpha '1'" "$M" run --alpha 1
expect_exit2 "alpha not a number" "bad alpha 'often'" "$M" run --alpha often
expect_exit2 "min-change negative" "bad minimum change '-5%'" "$M" run --min-change -5%
expect_exit2 "min-change two percent signs" "bad minimum change '5%%'" "$M" run --min-change 5%%
expect_exit2 "min-change beyond 100%" "bad minimum change '1\\.5'" "$M" run --min-change 1.5
expect_exit2 "min-change not a number" "bad minimum change 'some'" "$M" run --min-change some
expect_exit2 "config: bad alpha" "a\\.conf: bad alpha '1\\.5'" "$M" run --config "$(conf a 'alpha = 1.5\n')"
expect_exit2 "config: bad min_change" "c\\.conf: bad minimum change 'five'" "$M" run --config "$(conf c 'min_change = five\n')"
expect_exit2 "config: bad trace" "t\\.conf: bad trace 'sometimes'" "$M" run --config "$(conf t 'trace = sometimes\n')"
expect_exit2 "config: pair without a description" "p1\\.conf: bad pair 'baseline altmap'" "$M" run --config "$(conf p1 'pair = baseline altmap\n')"
expect_exit2 "config: pair of one variant" "p2\\.conf: bad pair 'baseline'" "$M" run --config "$(conf p2 'pair = baseline\n')"
expect_exit2 "config: pair of a variant with itself" 'p3\.conf: .*a variant against itself' "$M" run --config "$(conf p3 'pair = altmap altmap why\n')"
expect_exit2 "config: pair of an unknown variant" "p4\\.conf: unknown variant 'nosuch'" "$M" run --config "$(conf p4 'pair = baseline nosuch why\n')"
expect_exit2 "config: pair given twice" 'p5\.conf: pair baseline altmap given twice' "$M" run --config \
	"$(conf p5 'variants = baseline,altmap\npair = baseline altmap a\npair = baseline altmap b\n')"
expect_exit2 "config: pair naming a variant the run does not have" "p6\\.conf: pair altmap-off altmap: variant 'altmap-off' is not one the run has" "$M" run --config \
	"$(conf p6 'variants = baseline,altmap\npair = altmap-off altmap why\n')"

# Arch profiles and variants (in the private copy of configs/).
prof=$top/configs/arch/x86_64.conf
cp "$prof" "$tmp/x86_64.conf.orig"
sed -i '/^qemu =/d' "$prof"
expect_exit2 "profile: missing key" "arch/x86_64\\.conf: missing key 'qemu'" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
echo 'warp = 9' >>"$prof"
expect_exit2 "profile: unknown key" "arch/x86_64\\.conf: unknown key 'warp'" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^block_size = .*/block_size = lots/' "$prof"
expect_exit2 "profile: bad block size" "arch/x86_64\\.conf: key 'block_size': bad size 'lots'" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^hotplug = .*/hotplug = telepathy/' "$prof"
expect_exit2 "profile: unknown hot-add method" "arch/x86_64\\.conf: key 'hotplug': unknown method 'telepathy'" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^hotplug_also = .*/hotplug_also = virtio-mem carrier-pigeon/' "$prof"
expect_exit2 "profile: unknown method in hotplug_also" "arch/x86_64\\.conf: key 'hotplug_also': unknown method 'carrier-pigeon'" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
echo 'hotplug_unsupported = virtio-mem' >>"$prof"
expect_exit2 "profile: hotplug_unsupported without a reason" "arch/x86_64\\.conf: key 'hotplug_unsupported': want \"METHOD why\"" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i '/^bigblock_maxmem =/d' "$prof"
expect_exit2 "profile: half a big-block machine" "arch/x86_64\\.conf: key 'bigblock_maxmem' missing" env MHP_TOP="$top" "$M" run $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^bigblock_block_size = .*/bigblock_block_size = 3G/' "$prof"
expect_exit2 "profile: big blocks not a power of two" 'arch/x86_64\.conf: the big-block machine wants .*a power-of-two block size' env MHP_TOP="$top" "$M" run --bigblock yes $K
cp "$tmp/x86_64.conf.orig" "$prof"
sed -i 's/^altmap = .*/altmap = maybe/' "$top/configs/variants/altmap.conf"
expect_exit2 "variant: altmap neither yes, no nor rule" "variants/altmap\\.conf: key 'altmap': want yes, no or rule" env MHP_TOP="$top" "$M" run $K
cp "$TOP/configs/variants/altmap.conf" "$top/configs/variants/altmap.conf"
echo 'cmdline.sparc = memory_hotplug.memmap_on_memory=1' >>"$top/configs/variants/altmap.conf"
expect_exit2 "variant: command line of an arch without a profile" "key 'cmdline\\.sparc': no arch 'sparc'" env MHP_TOP="$top" "$M" run $K
cp "$TOP/configs/variants/altmap.conf" "$top/configs/variants/altmap.conf"
echo 'cmdline.x86_64.extra = x' >>"$top/configs/variants/altmap.conf"
expect_exit2 "variant: key qualified twice" 'variants/altmap\.conf.*(bad key|cmdline\.x86_64\.extra)' env MHP_TOP="$top" "$M" run $K

# Several arches, and what a profile needs on the host.
expect_exit2 "arch given twice" "arch 'x86_64' given twice" "$M" run --arch x86_64,arm64,x86_64
expect_exit2 "empty arch list" 'no arch given' "$M" run --arch ,
expect_exit2 "size that suits no arch of the run" 'size 100M suits no arch of the run' "$M" run --arch x86_64,powerpc --sizes 100M
expect_exit2 "powerpc: size not whole LMBs" 'size 128M is not a multiple of the 256M memory block of powerpc' "$M" run --arch powerpc --sizes 128M
expect_exit2 "one --image for several arches" '--image names one guest image: give one arch' "$M" run --arch x86_64,arm64 --image /tmp/x

# The hot-add method.
expect_exit2 "unknown hot-add method" "unknown hot-add method 'foo' \\(acpi-dimm, dlpar-dimm, virtio-mem" "$M" run --hotplug foo
expect_exit2 "virtio-mem on powerpc, with the profile's reason" "arch powerpc cannot hot-add with virtio-mem: QEMU's pseries has no virtio-mem-pci" "$M" run --arch powerpc --hotplug virtio-mem
expect_exit2 "a method the profile does not name" 'arch x86_64 has no hot-add method dlpar-dimm \(its profile: acpi-dimm virtio-mem\)' "$M" run --hotplug dlpar-dimm
expect_exit2 "virtio-mem block size not a power of two" "bad virtio-mem block size '3M'" "$M" run --hotplug virtio-mem --virtio-mem-block 3M
expect_exit2 "virtio-mem block size under 1 MiB" "bad virtio-mem block size '512K'" "$M" run --hotplug virtio-mem --virtio-mem-block 512K
expect_exit2 "virtio-mem poll interval of 0" "bad virtio-mem poll interval \\(us\\) '0' \\(want 1 to 1000000\\)" "$M" run --hotplug virtio-mem --virtio-mem-poll 0
# On an empty cache: the request is refused before anything installed
# (make lava-deps: LAVA's templates) is looked for.
expect_exit2 "LAVA export with virtio-mem" 'lava export: LAVA jobs hot-add DIMMs only, not virtio-mem' env MHP_CACHE="$tmp/empty-cache" "$M" lava export --hotplug virtio-mem --out "$tmp/lava-vmem"
expect_exit2 "a scenario that does not take virtio-mem" 'scenario contig does not run with --hotplug virtio-mem' "$M" run --hotplug virtio-mem --scenario contig

# The big-block machine.
expect_exit2 "bigblock neither yes nor no" "bad bigblock 'maybe'" "$M" run --bigblock maybe
expect_exit2 "bigblock on an arch without one" 'arch powerpc has no big-block machine' "$M" run --arch powerpc --bigblock yes
expect_exit2 "bigblock: size not whole 2 GiB blocks" 'size 1G is not a multiple of the 2G memory block of x86_64' "$M" run --bigblock yes --sizes 1G
expect_exit2 "bigblock: size beyond its maxmem" 'size 64G does not fit under maxmem of x86_64' "$M" run --bigblock yes --sizes 64G
cp "$TOP/configs/variants/altmap.conf" "$top/configs/variants/altmap.conf"
prof=$top/configs/arch/arm64.conf
cp "$prof" "$tmp/arm64.conf.orig"
sed -i 's|^firmware = .*|firmware = /nonexistent/QEMU_EFI.fd|' "$prof"
expect_exit2 "profile: firmware not installed" 'firmware /nonexistent/QEMU_EFI\.fd missing for arch arm64' env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
sed -i 's|^qemu = .*|qemu = qemu-system-nonexistent|' "$prof"
expect_exit2 "profile: QEMU binary not installed" 'qemu-system-nonexistent not found for arch arm64' env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
sed -i '/^kvm_host =/d' "$prof"
expect_exit2 "profile: missing kvm_host" "arch/arm64\\.conf: missing key 'kvm_host'" env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
sed -i 's/^page_size = .*/page_size = 3000/' "$prof"
expect_exit2 "profile: page size not a power of two" "arch/arm64\\.conf: keys 'page_size', 'block_size': want a power of two" env MHP_TOP="$top" "$M" run --arch arm64 $K
cp "$tmp/arm64.conf.orig" "$prof"
expect_exit2 "profile key: missing" "arch/arm64\\.conf: missing key 'nosuchkey'" "$TOP/kernels/profile.sh" arm64 nosuchkey
sed -i '/^patches =/d' "$prof"
expect_exit2 "build: profile without its patches key" "arch/arm64\\.conf: missing key 'patches'" env MHP_TOP="$top" \
	"$TOP/kernels/build.sh" arm64 baseline
cp "$tmp/arm64.conf.orig" "$prof"

# A kernels dir whose build.json is not one.
mkdir -p "$tmp/kern/x86_64/baseline" "$tmp/kern/x86_64/altmap"
echo '{"hello": 1}' >"$tmp/kern/x86_64/baseline/build.json"
expect_exit2 "kernel: foreign build.json" 'kern/x86_64/baseline/build\.json: not a build\.json of mhpbench' "$M" run --kernels "$tmp/kern"
echo 'not json' >"$tmp/kern/x86_64/baseline/build.json"
expect_exit2 "kernel: build.json not JSON" 'kern/x86_64/baseline/build\.json: not JSON' "$M" run --kernels "$tmp/kern"

# The build pipeline.
expect_exit2 "build: unknown arch" "unknown arch 'sparc'" "$TOP/kernels/build.sh" sparc baseline
expect_exit2 "build: unknown variant" "unknown variant 'nosuch'" "$TOP/kernels/build.sh" x86_64 nosuch
expect_exit2 "build: no variant" 'usage: kernels/build\.sh ARCH VARIANT' "$TOP/kernels/build.sh" x86_64
expect_exit2 "KSRC that is not a kernel tree" 'KSRC=.*: not a kernel source tree' env KSRC="$tmp" "$TOP/kernels/source.sh"
expect_exit2 "KSRC that does not exist" 'KSRC=.*/none: no such directory' env KSRC="$tmp/none" "$TOP/kernels/source.sh"
expect_exit2 "deps: unknown arch" "unknown arch 'sparc'" "$TOP/kernels/deps.sh" sparc

# mhpbench native: options first; --blocks 0 --dax none leaves nothing to
# hot-plug on any machine, so these never touch the machine's memory.
N="--blocks 0 --dax none"
expect_exit2 "native: unknown option" 'native: unknown option or missing value: --frobnicate' "$M" native --frobnicate
expect_exit2 "native: option without its value" 'native: unknown option or missing value: --samples' "$M" native --samples
expect_exit2 "native: stray argument" "native: stray argument 'extra'" "$M" native extra
expect_exit2 "native: zero samples" "native: --samples: '0' is not 1 to 1000" "$M" native --samples 0
expect_exit2 "native: samples not a number" "native: --samples: '3x' is not" "$M" native --samples 3x
expect_exit2 "native: negative blocks" "native: --blocks: '-1' is not 0 to 4096" "$M" native --blocks -1
expect_exit2 "native: dax name with a slash" "native: --dax: '\\.\\./dax0\\.0' is not a dax device name" "$M" native --dax ../dax0.0
expect_exit2 "native: empty dax name" "native: --dax: '' is not a dax device name" "$M" native --dax ''
expect_exit2 "native: zero timeout" "native: --timeout: '0' is not 1 to 86400" "$M" native --timeout 0
expect_exit2 "native: empty out dir" 'native: --out: empty path' "$M" native --out ''
expect_exit2 "native: empty daxctl" 'native: --daxctl: empty path' "$M" native --daxctl ''
expect_exit2 "native: no driver there" 'native: no guest driver at .*/none' "$M" native --driver "$tmp/none" $N
expect_exit2 "native: nothing to hot-plug" 'native: nothing to hot-plug' "$M" native $N --out "$tmp/nat"
# As nobody when root can become nobody; a user who is not root already is.
asuser=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	asuser=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
expect_exit2 "native: not root" 'native: needs root' "${asuser[@]}" "$M" native $N --out "$tmp/nat"
