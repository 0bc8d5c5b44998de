#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mhpbench selftest: the kernel's own mem-on-off-test.sh, after a hot-add,
# passes the gate on the baseline and the altmap kernel of every arch:
# every hot-added block onlined, offlined, and made to fail onlining and
# offlining by the memory notifier error injector (the script exits 0
# without doing any of it when its prerequisites are missing, so its exit
# status alone proves nothing). Bad input is refused with one line.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arches=("$TOP"/configs/arch/*.conf)
# bad input; per arch: the run, and per variant the gate and two of its
# witnesses read here.
per_arch=$((1 + 2 * 3))
plan $((5 + ${#arches[@]} * per_arch))

expect_exit2 "selftest: unknown option" "selftest: bad option '--bogus'" "$MHPBENCH" selftest --bogus
expect_exit2 "selftest: unknown variant" "unknown variant 'nope'" "$MHPBENCH" selftest --variants nope
expect_exit2 "selftest: unknown arch" "unknown arch 'vax'" "$MHPBENCH" selftest --arch vax
expect_exit2 "selftest: size not whole memory blocks" 'size 100M does not fit x86_64' \
	"$MHPBENCH" selftest --size 100M
expect_exit2 "selftest: bad boot timeout" "bad boot timeout '0'" "$MHPBENCH" selftest --boot-timeout 0

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for conf in "${arches[@]}"; do
	arch=$(basename "$conf" .conf)
	missing=
	for f in kernels/$arch/baseline/build.json kernels/$arch/altmap/build.json \
		 guest/$arch/selftest.cpio.gz; do
		[ -f "$TOP/build/$f" ] || missing="$missing build/$f"
	done
	if [ -n "$missing" ]; then
		skip_n $per_arch "$arch: selftest needs$missing (make kernels guest-selftest ARCHS=$arch)"
		continue
	fi
	# TCG on a busy 2-core machine: give the script room.
	"$MHPBENCH" selftest --arch "$arch" --variants baseline,altmap --boot-timeout 300 \
		--out "$out/$arch" >"$out/$arch.stdout" 2>"$out/$arch.stderr"
	rc=$?
	check "$arch: mhpbench selftest exits 0 (exit $rc)" test $rc -eq 0
	for k in baseline altmap; do
		log=$out/$arch/$arch-$k
		line=$(grep "^$arch/$k: selftest" "$out/$arch.stdout")
		check "$arch $k: the gate passes ($line)" \
			grep -q "^$arch/$k: selftest pass .*: [0-9]* blocks onlined, offlined, and failed to online and offline under injected errors" \
			"$out/$arch.stdout"
		# What the gate read, read again: the script found the
		# built-in injector (no modprobe complaint, no skip), and
		# the kernel injected errors both ways.
		check "$arch $k: the script ran its error injection tests, modprobe found the built-in injector" \
			lacks '^(modprobe: |skip (all|extra) tests)' "$log/raw/selftest-output"
		check "$arch $k: the kernel injected onlining and offlining errors ($(grep -c 'Injecting error' "$log/console.log" 2>/dev/null))" \
			bash -c 'grep -q "Injecting error .* to MEM_GOING_ONLINE" "$1" &&
				grep -q "Injecting error .* to MEM_GOING_OFFLINE" "$1"' _ "$log/console.log"
	done
	if [ $rc -ne 0 ]; then
		sed 's/^/#   /' "$out/$arch.stderr"
	fi
done
