#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mhpbench selftest: the kernel's own mem-on-off-test.sh, after a hot-add,
# passes on the baseline and the altmap kernel of every arch whose kernels
# and selftest image are built; bad input is refused with one line.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

expect_exit2 "selftest: unknown option" "$MHPBENCH" selftest --bogus
expect_exit2 "selftest: unknown variant" "$MHPBENCH" selftest --variants nope
expect_exit2 "selftest: unknown arch" "$MHPBENCH" selftest --arch vax
expect_exit2 "selftest: size not whole memory blocks" "$MHPBENCH" selftest --size 100M
expect_exit2 "selftest: bad boot timeout" "$MHPBENCH" selftest --boot-timeout 0

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for conf in "$TOP"/configs/arch/*.conf; do
	arch=$(basename "$conf" .conf)
	missing=
	for f in kernels/$arch/baseline/build.json kernels/$arch/altmap/build.json \
		 guest/$arch/selftest.cpio.gz; do
		[ -f "$TOP/build/$f" ] || missing="$missing build/$f"
	done
	if [ -n "$missing" ]; then
		skip "$arch: selftest needs$missing"
		continue
	fi
	# TCG on a busy 2-core machine: give the script room.
	"$MHPBENCH" selftest --arch "$arch" --variants baseline,altmap --boot-timeout 300 \
		--out "$out/$arch" >"$out/$arch.stdout" 2>"$out/$arch.stderr"
	rc=$?
	check "$arch: mhpbench selftest exits 0 (exit $rc)" test $rc -eq 0
	for k in baseline altmap; do
		line=$(grep "^$arch/$k: selftest" "$out/$arch.stdout")
		check "$arch $k: mem-on-off-test.sh passes after hot-add ($line)" \
			grep -q "^$arch/$k: selftest pass" "$out/$arch.stdout"
		# The script onlined the hot-added blocks itself (x86_64 and
		# arm64 leave them offline), or found them online (pseries).
		check "$arch $k: the script saw the hot-added memory" \
			grep -qE 'offline->online memory|trying to offline' \
			"$out/$arch/$arch-$k/raw/selftest-output"
	done
	if [ $rc -ne 0 ]; then
		sed 's/^/#   /' "$out/$arch.stderr"
	fi
done
