#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# One run over every arch (what `make bench ARCHS="x86_64 arm64 powerpc"`
# does): one results directory, the arch column telling the samples
# apart, a size that is not whole blocks of an arch skipped for it alone.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# make bench; the run; per arch; meta.json, summary, onlining.
plan $((2 + 5 + 3 * 2 + 3))
arches="x86_64 arm64 powerpc"
for a in $arches; do
	need_kernels "$a" baseline
done

# make -n: what make bench would run, continuation lines joined.
bench_cmd() {
	make -s -n -C "$TOP" bench "$@" | tr '\n\t\\' '   ' | grep -o -- '--arch [^ ]*'
}
check "make bench ARCHS=... runs one run over the arches" \
	test "$(bench_cmd ARCHS="$arches")" = "--arch x86_64,arm64,powerpc"
check "make bench alone stays x86_64" test "$(bench_cmd)" = "--arch x86_64"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
"$MHPBENCH" run --arch x86_64,arm64,powerpc --variants baseline \
	--sizes 128M,256M --samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
rc=$?
check "mhpbench run --arch x86_64,arm64,powerpc exits 0" test "$rc" -eq 0
csv=$run/samples.csv
oc=$run/outcomes.csv
check "the arch column holds the three arches" \
	test "$(awk -F, 'NR > 1 { print $2 }' "$csv" | sort -u | tr '\n' ' ')" = "arm64 powerpc x86_64 "
check "5 samples: 128M and 256M on x86_64 and arm64, 256M on powerpc" \
	test "$(awk -F, 'NR > 1 { print $2 "-" $6 }' "$oc" | sort | tr '\n' ' ')" = \
	"arm64-134217728 arm64-268435456 powerpc-268435456 x86_64-134217728 x86_64-268435456 "
check "stderr says powerpc skipped 128M" grep -q 'powerpc: size 128M skipped' "$out/stderr"
check "every sample ok (5)" test "$(awk -F, 'NR > 1 && $8 == "ok"' "$oc" | wc -l)" = 5
for a in $arches; do
	check "meta.json: $a profile, accelerator and kernel" \
		json_true "$run/meta.json" ".arches.\"$a\".profile.name == \"$a\" and (.arches.\"$a\".accelerator | length > 0) and .arches.\"$a\".kernels.baseline.image_sha256"
	check "logs named by arch ($a)" test -d "$run/logs/$a-baseline-256M-0"
done
check "meta.json: no single-arch keys in a run of several" \
	json_true "$run/meta.json" '(has("arch") | not) and (has("kernels") | not)'
check "summary names each arch" \
	test "$(grep -cE '^(x86_64|arm64|powerpc) baseline (128M|256M):' "$run/summary.txt")" = 5
check "powerpc samples onlined by the kernel, the others by the guest" \
	test "$(awk -F, '$9 == "online_by_kernel" { print $2 "=" $10 }' "$csv" | sort -u | tr '\n' ' ')" = \
	"arm64=0 powerpc=1 x86_64=0 "
