#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mhpbench lava, offline with lava-run (no server): a one-sample x86_64
# matrix (baseline and altmap, 128M) exported as LAVA jobs, each run by
# lava-run under TCG (the guest hot-adds its DIMM through QEMU's QMP on a
# virtio-serial port), the logs imported; the verdicts must be those of a
# direct `mhpbench run` of the same matrix: 0 and 512 memmap pages on the
# hot-added memory. Then lava-run --validate on the exported arm64 and
# powerpc jobs, and logs the import must refuse (malformed, truncated, a
# kernel that is not the exported one: one line, exit 2) or keep as an
# outcome row (a job LAVA failed); a board's job passes --validate.
# 30-60 s on 2 shared cores.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# refused DESCRIPTION PATTERN COMMAND...: exit 2 and one line on stderr
# that matches the extended regex PATTERN.
refused() {
	local what=$1 pat=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] &&
		printf '%s\n' "$err" | grep -Eq "$pat"; then
		ok "$what: exit 2 ($err)"
	else
		not_ok "$what: exit $rc, stderr: $err"
	fi
}

plan 24
M=134217728
skip_all() {
	local i
	for ((i = 0; i < 24; i++)); do
		skip "$*"
	done
	exit 0
}

kdir=$TOP/build/kernels/x86_64
[ -f "$kdir/baseline/build.json" ] && [ -f "$kdir/altmap/build.json" ] ||
	skip_all "x86_64 kernels not built (make kernels ARCH=x86_64)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# lava-dispatcher, LAVA's templates and the guest images: set up only here,
# when lava is used (make test sets them up for every arch, too). Each
# arch's lava-guest fetches that arch's json-c itself (lava-deps).
if ! make -s -C "$TOP" lava-deps lava-guest ARCHS=x86_64 >"$out/make" 2>&1; then
	not_ok "make lava-deps lava-guest: $(tail -n1 "$out/make")"
	exit 0
fi
command -v lava-run >/dev/null || skip_all "lava-run not installed (make lava-deps as root)"

exp=$out/export
check "export: the x86_64 matrix as LAVA jobs" \
	"$MHPBENCH" lava export --arch x86_64 --variants baseline,altmap --sizes 128M \
	--samples 1 --out "$exp"
check "export: one job per sample, one device" \
	test "$(ls "$exp/jobs" | wc -l)" -eq 2 -a -f "$exp/devices/mhpbench-qemu-x86_64.yaml"

# The same matrix, run directly.
"$MHPBENCH" run --arch x86_64 --variants baseline,altmap --sizes 128M --samples 1 \
	--out "$out/direct" >"$out/direct.log" 2>&1
check "direct run: both samples ok" \
	test "$(grep -c ',ok,1,' "$out/direct/outcomes.csv")" -eq 2

n=0
for v in baseline altmap; do
	n=$((n + 1))
	lava-run --job-id "$n" --output-dir "$out/lava-$n" \
		--device "$exp/devices/mhpbench-qemu-x86_64.yaml" \
		"$exp/jobs/x86_64-$v-128M-0.yaml" >"$out/$v.log" 2>&1
	check "lava-run $v: the job passed" \
		grep -q '"case": "job", "definition": "lava", "result": "pass"' "$out/$v.log"
done

check "import: the two logs" \
	"$MHPBENCH" lava import "$out/baseline.log" "$out/altmap.log" --export "$exp" \
	--out "$out/imported"
csv=$out/imported/samples.csv
for v in baseline altmap; do
	want=$([ $v = altmap ] && echo 512 || echo 0)
	got=$(metric "$csv" $v $M memmap_pages_on_hotadded)
	direct=$(metric "$out/direct/samples.csv" $v $M memmap_pages_on_hotadded)
	check "$v: $want memmap pages on the hot-added memory (LAVA $got, direct $direct)" \
		test "$got" = "$want" -a "$direct" = "$want"
	check "$v: the same verdict as the direct run (altmap_in_effect $(metric "$csv" $v $M altmap_in_effect))" \
		test "$(metric "$csv" $v $M altmap_in_effect)" = \
		"$(metric "$out/direct/samples.csv" $v $M altmap_in_effect)" -a \
		"$(valid "$csv" $v $M)" = 1
done
check "timings with the guest's QMP round trip are named so" \
	test "$(rows "$csv" altmap $M qmp_device_add_guest_qmp_us)" = 1 -a \
	"$(rows "$csv" altmap $M qmp_device_add_us)" = 0
check "meta.json: the LAVA jobs, their device and kernel sha256" \
	json_true "$out/imported/meta.json" \
	'.lava.jobs | length == 2 and all(.device == "mhpbench-qemu-x86_64.yaml" and (.kernel_sha256 | length) == 64)'
python3 "$TOP/bench/lava/server-csv.py" 4711 <"$out/altmap.log" >"$out/server.csv"
"$MHPBENCH" lava import "$out/server.csv" --export "$exp" --out "$out/server" >/dev/null 2>&1
check "a server's results export (CSV): altmap 512 memmap pages, LAVA job id 4711" \
	test "$(metric "$out/server/samples.csv" altmap $M memmap_pages_on_hotadded)" = 512 -a \
	"$(jq -r '.lava.jobs[0].lava_job_id' "$out/server/meta.json")" = 4711
check "report reads the imported run" \
	"$MHPBENCH" report "$out/imported" --no-plots --out "$out/report"

# Logs the import must refuse, with one line.
head -n 40 "$out/altmap.log" >"$out/truncated.log"
refused "a truncated log" 'truncated' "$MHPBENCH" lava import "$out/truncated.log" \
	--export "$exp" --out "$out/r1"
{ head -n 5 "$out/altmap.log"; echo '{"dt": "x", "lvl": "results", "msg": {oops'; } \
	>"$out/malformed.log"
refused "a malformed log" 'malformed' "$MHPBENCH" lava import "$out/malformed.log" \
	--export "$exp" --out "$out/r2"
echo 'not a log at all' >"$out/garbage.log"
refused "not a LAVA log" 'neither a lava-run log' "$MHPBENCH" lava import "$out/garbage.log" \
	--export "$exp" --out "$out/r3"
sha=$(jq -r '.jobs[] | select(.variant == "altmap") | .kernel_sha256' "$exp/export.json")
sed "s/$sha/$(printf '%064d' 0)/g" "$out/altmap.log" >"$out/otherkernel.log"
refused "a kernel that is not the exported one" 'not the exported' "$MHPBENCH" lava import \
	"$out/otherkernel.log" --export "$exp" --out "$out/r4"
refused "two logs of one job" 'a second log' "$MHPBENCH" lava import "$out/altmap.log" \
	"$out/altmap.log" --export "$exp" --out "$out/r5"

# A job LAVA failed before the test (a boot timeout of 2 s, which the
# kernel cannot meet under TCG): an outcome row with LAVA's error, never a
# gap; the log names its job by the mhpbench.job= of its boot command.
"$MHPBENCH" lava export --arch x86_64 --variants baseline --sizes 128M --samples 1 \
	--boot-timeout 2 --out "$out/export-fail" >/dev/null 2>&1
lava-run --job-id 3 --output-dir "$out/lava-3" \
	--device "$out/export-fail/devices/mhpbench-qemu-x86_64.yaml" \
	"$out/export-fail/jobs/x86_64-baseline-128M-0.yaml" >"$out/failed.log" 2>&1
"$MHPBENCH" lava import "$out/failed.log" --export "$out/export-fail" --out "$out/r6" \
	>/dev/null 2>&1
check "a job LAVA failed: an outcome row with LAVA's error ($(cut -d, -f8,11 "$out/r6/outcomes.csv" 2>/dev/null | tail -n1))" \
	grep -q ',timeout,0,.*LAVA .* error: .*timed out' "$out/r6/outcomes.csv"

# arm64 and powerpc: the exported jobs pass lava-run --validate.
for a in arm64 powerpc; do
	if [ ! -f "$TOP/build/kernels/$a/baseline/build.json" ]; then
		skip "$a: kernel not built (make kernels ARCH=$a)"
		continue
	fi
	if ! make -s -C "$TOP" lava-guest ARCHS=$a >"$out/make-$a" 2>&1 ||
		! "$MHPBENCH" lava export --arch $a --variants baseline --sizes 256M \
			--samples 1 --out "$out/export-$a" >"$out/export-$a.log" 2>&1; then
		not_ok "$a: export: $(tail -qn1 "$out/make-$a" "$out/export-$a.log" 2>/dev/null | tail -n1)"
		continue
	fi
	check "$a: lava-run --validate passes" lava-run --validate --job-id 1 \
		--output-dir "$out/validate-$a" \
		--device "$exp/../export-$a/devices/mhpbench-qemu-$a.yaml" \
		"$out/export-$a/jobs/$a-baseline-256M-0.yaml"
done
# A real board's job cannot run here; its schema can: lava-run --validate
# against LAVA's bcm2711-rpi-4-b (u-boot: overlay deploy, minimal boot),
# rendered with power and connection commands that do nothing.
tpl=${MHP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}/lava/server/root/usr/share/lava-server/device-types
mkdir -p "$out/board"
printf '%s\n' "{% extends 'bcm2711-rpi-4-b.jinja2' %}" \
	"{% set connection_command = 'cat /dev/null' %}" \
	"{% set power_on_command = 'true' %}" "{% set power_off_command = 'true' %}" \
	"{% set hard_reset_command = 'true' %}" >"$out/board/dict.jinja2"
sed -e 's/^device_type = .*/device_type = bcm2711-rpi-4-b/' -e 's/^arch = .*/arch = x86_64/' \
	"$TOP/configs/lava/board-example.conf" >"$out/board/board.conf"
if make -s -C "$TOP" native-static >"$out/board/make" 2>&1 &&
	python3 "$TOP/bench/lava/device.py" "$tpl" "$out/board/dict.jinja2" \
		"$out/board/device.yaml" &&
	"$MHPBENCH" lava export --board "$out/board/board.conf" --out "$out/board/export" \
		>/dev/null 2>&1; then
	check "a board's job passes lava-run --validate (bcm2711-rpi-4-b)" \
		lava-run --validate --job-id 1 --output-dir "$out/board/v" \
		--device "$out/board/device.yaml" \
		"$out/board/export/jobs/native-bcm2711-rpi-4-b.yaml"
else
	not_ok "a board's job: export failed"
fi
refused "lava export without --out" 'out DIR is required' "$MHPBENCH" lava export \
	--arch x86_64
