#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The KVM probe on a host whose KVM hangs: a QEMU wrapper starts every
# KVM guest paused (-S, as a stuck vCPU: QMP answers, the console stays
# silent) and runs TCG guests as they are. The probe must give up within
# a few seconds of silence, say so, cache the verdict, and a second run
# must take the cached verdict without a probe boot; --accel kvm probes
# afresh (and is refused), --accel tcg does not probe.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 10
k=$TOP/build/kernels/x86_64/baseline/build.json
img=$TOP/build/guest/x86_64/initramfs.cpio.gz
why=""
[ -f "$k" ] && [ -f "$img" ] || why="x86_64 baseline kernel or guest image not built"
[ "$(uname -m)" = x86_64 ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] ||
	why=${why:-"no usable /dev/kvm on an x86_64 host: the probe never runs"}
if [ -n "$why" ]; then
	skip_all "$why"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$tmp/top
mkdir -p "$top"
cp -r "$TOP/configs" "$top/"
qemu=$(command -v qemu-system-x86_64)
cat >"$tmp/qemu" <<EOF
#!/usr/bin/env bash
# accel=kvm: the same machine under TCG, paused (a KVM that hangs).
case "\$*" in
*accel=kvm*) exec "$qemu" -S "\${@/accel=kvm/accel=tcg}" ;;
esac
exec "$qemu" "\$@"
EOF
chmod +x "$tmp/qemu"
sed -i "s|^qemu = .*|qemu = $tmp/qemu|" "$top/configs/arch/x86_64.conf"

# run OUT ARGS...: a one-sample run of the private top; stderr lines
# stamped with the seconds since the start.
run() {
	local out=$1 t0
	shift
	t0=$(date +%s.%N)
	env MHP_TOP="$top" MHP_CACHE="$tmp/cache" "$MHPBENCH" run \
		--kernels "$TOP/build/kernels" --image "$img" --variants baseline \
		--sizes 128M --samples 1 --out "$out" "$@" 2>&1 >/dev/null |
		while IFS= read -r l; do
			echo "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') $l"
		done >"$out.log"
}

run "$tmp/r1"
line=$(grep 'accelerator' "$tmp/r1.log" | head -1)
check "a hanging KVM falls back to TCG ($line)" \
	json_true "$tmp/r1/meta.json" '.accelerator == "tcg"'
check "because the probe's console stayed silent" \
	json_true "$tmp/r1/meta.json" '.accelerator_reason | test("silent for 3 s from the start")'
t=$(echo "$line" | cut -d' ' -f1)
# An absent accelerator line is no time at all, not 0 s.
check "decided within 8 s of the start (${t:-no accelerator line} s)" \
	awk -v t="$t" 'BEGIN { exit !(t ~ /^[0-9]+(\.[0-9]+)?$/ && t + 0 < 8) }'
check "the verdict is cached" \
	grep -qx 'accelerator = tcg' "$tmp/cache/kvm-probe/x86_64.conf"

run "$tmp/r2"
check "a second run takes the cached verdict" \
	json_true "$tmp/r2/meta.json" '.accelerator == "tcg" and (.accelerator_reason | startswith("cached verdict from"))'
check "without a probe boot" test ! -e "$tmp/r2/logs/kvm-probe"

sed -i 's/^host_kernel = .*/host_kernel = another/' "$tmp/cache/kvm-probe/x86_64.conf"
run "$tmp/r3"
check "another host kernel probes again" test -d "$tmp/r3/logs/kvm-probe"

env MHP_TOP="$top" MHP_CACHE="$tmp/cache" "$MHPBENCH" run --kernels "$TOP/build/kernels" \
	--image "$img" --variants baseline --sizes 128M --samples 1 --accel kvm \
	--out "$tmp/r4" >/dev/null 2>"$tmp/r4.err"
rc=$?
check "--accel kvm probes afresh and is refused (exit $rc)" \
	test "$rc" -eq 2
check "  saying why: the probe's console stayed silent" \
	grep -q 'KVM was requested but does not work.*silent' "$tmp/r4.err"
run "$tmp/r5" --accel tcg
check "--accel tcg does not probe" \
	json_true "$tmp/r5/meta.json" '.accelerator_reason == "TCG requested"'
