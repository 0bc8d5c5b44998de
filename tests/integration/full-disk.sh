#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A results directory that fills up or turns read-only (x86_64 baseline,
# 128M; about 10 boots, 40-60 s under TCG), on a tmpfs of this test's
# own (root: mount):
#  - full mid-run (160 KiB: a sample's logs are about 60 KiB): the run
#    stops with one line naming ENOSPC and a non-zero exit; every sample
#    it reported done is in samples.csv and outcomes.csv, whole (12
#    fields a row, one outcome each), meta.json parses, no temporary file
#    is left;
#  - then read-only: --resume refuses with one line and exit 2 before any
#    boot, and changes nothing;
#  - with space back, --resume finishes the run: every sample once, and
#    the rows of the samples done before unchanged;
#  - a read-only file system for a new run: one line, exit 2.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 13
[ "$(id -u)" -eq 0 ] || skip_all "mounting a tmpfs needs root"
need_kernels x86_64 baseline
tmp=$(mktemp -d)
mnt=$tmp/mnt
mkdir "$mnt"
trap 'umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
mount -t tmpfs -o size=160k,mode=0755 tmpfs "$mnt" || skip_all "cannot mount a tmpfs here"
run=$mnt/run
N=5

"$MHPBENCH" run --variants baseline --sizes 128M --samples $N --accel tcg \
	--out "$run" >"$tmp/out1" 2>"$tmp/err1"
rc=$?
check "full: the run stops, exit non-zero (exit $rc)" test "$rc" -ne 0
last=$(tail -n 1 "$tmp/err1")
check "full: its last line names the full disk and the sample not kept ($last)" \
	eval '[[ $last == "mhpbench: cannot write results to $run: No space left on device (baseline 128M #"[0-9]" "* ]]'
done1=$(grep -c ': ok, ' "$tmp/err1")
outc=$(tail -n +2 "$run/outcomes.csv" | wc -l)
# A sample is reported done once it is written whole: the one the disk
# filled under is not reported, and --resume runs it again.
check "full: the $done1 samples reported done are those of outcomes.csv ($outc), 1 or more, fewer than $N" \
	test "$outc" -ge 1 -a "$outc" -lt $N -a "$outc" -eq "$done1"
check "full: samples.csv holds whole rows (12 fields) of exactly those samples" \
	test "$(awk -F, 'NF != 12 { bad = 1 } END { print bad + 0 }' "$run/samples.csv")/$(tail -n +2 "$run/samples.csv" | cut -d, -f7 | sort -u | wc -l)" = "0/$outc"
check "full: meta.json parses, no temporary file is left" \
	test "$(jq -r .run_id "$run/meta.json" 2>/dev/null)" = run -a \
	-z "$(find "$run" -name '*.tmp*' -o -name '.mhpbench-probe')"
cp "$run/samples.csv" "$tmp/samples-before.csv"
sum() { find "$run" -type f -print0 | sort -z | xargs -0 sha256sum; }
sum >"$tmp/sum-before"

mount -o remount,ro,size=4m "$mnt"
"$MHPBENCH" run --resume "$run" >"$tmp/out2" 2>"$tmp/err2"
rc=$?
check "read-only: --resume exits 2 (exit $rc)" test "$rc" -eq 2
check "read-only: one line, before any boot ($(head -n 1 "$tmp/err2"))" \
	test "$(cat "$tmp/err2")" = "mhpbench: cannot write results to $run: Read-only file system"
check "read-only: nothing changed" diff -q "$tmp/sum-before" <(sum)

mount -o remount,rw "$mnt"
"$MHPBENCH" run --resume "$run" >"$tmp/out3" 2>"$tmp/err3"
rc=$?
check "space back: --resume finishes (exit $rc)" test "$rc" -eq 0
check "space back: every sample once ($(tail -n +2 "$run/outcomes.csv" | cut -d, -f7 | sort -n | tr '\n' ' '))" \
	test "$(tail -n +2 "$run/outcomes.csv" | cut -d, -f7 | sort -n | tr '\n' ' ')" = "0 1 2 3 4 "
check "space back: all $N valid, whole rows" \
	test "$(awk -F, 'NR > 1 && NF != 12 { bad = 1 } END { print bad + 0 }' "$run/samples.csv")/$(valid "$run/samples.csv" baseline 134217728 | sort -u)" = 0/1
check "space back: the rows of the samples done before are unchanged" \
	test -z "$(comm -23 <(sort "$tmp/samples-before.csv") <(sort "$run/samples.csv"))"

umount "$mnt"
mount -t tmpfs -o ro,size=1m tmpfs "$mnt"
"$MHPBENCH" run --variants baseline --sizes 128M --samples 1 --accel tcg \
	--out "$mnt/new" >/dev/null 2>"$tmp/err4"
rc=$?
check "read-only, new run: one line, exit 2 (exit $rc: $(head -n 1 "$tmp/err4"))" \
	test "$rc" -eq 2 -a "$(cat "$tmp/err4")" = "mhpbench: cannot create $mnt/new: Read-only file system"
