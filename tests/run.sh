#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the unit test binaries given as arguments, then every integration
# test in tests/integration/ (each prints TAP-style "ok"/"not ok" lines),
# and end with the plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export MHP_FIXTURES=${MHP_FIXTURES:-tests/fixtures}
pass=0 fail=0 skip=0

for t in "$@"; do
	if "$t"; then
		pass=$((pass + 1))
		echo "ok - unit $(basename "$t")"
	else
		fail=$((fail + 1))
		echo "not ok - unit $(basename "$t")"
	fi
done

for t in tests/integration/*.sh; do
	[ -e "$t" ] || continue
	[ "$(basename "$t")" != lib.sh ] || continue	# helpers, not a test
	out=$(mktemp)
	t0=$(date +%s)
	bash "$t" 2>&1 | tee "$out"
	# Where CI's time goes (a TAP comment).
	echo "# $t: $(($(date +%s) - t0)) s"
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	s=$(grep -c '^ok .*# SKIP' "$out")
	pass=$((pass + p - s)) fail=$((fail + f)) skip=$((skip + s))
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t reported nothing"
		fail=$((fail + 1))
	fi
	rm -f "$out"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
