#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the unit test binaries given as arguments, then every integration
# test in tests/integration/ (MHP_INTEGRATION_TESTS: other scripts, a
# glob), and end with the plain "N passed, N failed, N skipped" line;
# exit 0 only when nothing failed.
#
# An integration script passes only when it printed its TAP plan ("1..N",
# once, before its first result), then exactly N results numbered 1 to N,
# and exited 0: one that stops early, gives more or fewer results than it
# planned, or exits non-zero fails, whatever its "ok" lines said. Under
# CI=true a skip ("# SKIP") is a failure unless it is "# SKIP optional:"
# (tests/integration/lib.sh: optional_skip).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export MHP_FIXTURES=${MHP_FIXTURES:-tests/fixtures}
ci=0
[ "${CI:-}" = true ] && ci=1
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

# tap FILE: the counts of a script's TAP results, "PASS FAIL SKIP", then
# one line per further failure: of the output as a whole (plan, count,
# numbering) or a skip that CI=true does not allow.
tap() {
	awk -v ci=$ci '
	function problem(s) { probs[++np] = s }
	/^1\.\.[0-9]+/ {
		nplan++
		plan = substr($0, 4) + 0
		plan_skip = $0 ~ /^1\.\.0 *# *SKIP/
		sub(/^1\.\.[0-9]+ *# *SKIP */, "", $0)
		plan_reason = $0
		if (nres) problem("plan after the first result")
		next
	}
	/^(not )?ok( |$)/ {
		nres++
		n = $0
		sub(/^(not )?ok */, "", n)
		n = n + 0
		if (n != nres && !misnumbered++)
			problem("result " nres " numbered " n)
		if ($0 ~ /^not ok/) { f++; next }
		if ($0 !~ /# SKIP/) { p++; next }
		if (ci && $0 !~ /# SKIP optional:/) {
			problem("skip under CI=true (not optional): " $0)
			next
		}
		s++
	}
	END {
		if (nplan == 0) problem("no plan (1..N)")
		else if (nplan > 1) problem(nplan " plans")
		else if (plan_skip && plan == 0 && nres == 0) {
			# The whole script skipped (lib.sh: skip_all).
			if (ci) problem("skipped under CI=true: " plan_reason)
			else s++
		} else if (nres != plan)
			problem(nres " results of " plan " planned")
		print p + 0, f + 0, s + 0
		for (i = 1; i <= np; i++) print probs[i]
	}' "$1"
}

for t in ${MHP_INTEGRATION_TESTS:-tests/integration/*.sh}; do
	[ -e "$t" ] || continue
	[ "$(basename "$t")" != lib.sh ] || continue	# helpers, not a test
	out=$(mktemp)
	t0=$(date +%s)
	bash "$t" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	# Where CI's time goes (a TAP comment).
	echo "# $t: $(($(date +%s) - t0)) s"
	{
		read -r p f s
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
		while IFS= read -r why; do
			echo "not ok - $t: $why"
			fail=$((fail + 1))
		done
	} < <(tap "$out")
	if [ "$rc" -ne 0 ]; then
		echo "not ok - $t: exit status $rc"
		fail=$((fail + 1))
	fi
	rm -f "$out"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
