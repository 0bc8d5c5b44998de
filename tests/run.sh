#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the unit test binaries given as arguments, then every integration
# test in tests/integration/ (MHP_INTEGRATION_TESTS: other scripts, a
# glob, or "none"), and end with the plain "N passed, N failed, N skipped"
# line; exit 0 only when nothing failed.
#
# Both kinds are judged by their TAP and their exit status (the unit
# binaries print TAP through cmocka's CMOCKA_MESSAGE_OUTPUT=TAP). A test
# passes only when it printed its plan ("1..N", once, before its first
# result), then exactly N results numbered 1 to N, and exited 0: one that
# stops early, gives more or fewer results than it planned, plans none
# without saying why ("1..0" without "# SKIP"), or exits non-zero fails,
# whatever its "ok" lines said. A glob that matches no test fails.
#
# Skips ("# SKIP", any case, also cmocka's "not ok N # SKIP") count as
# skips, not passes. In CI (CI set to anything but "", "0", "false" or
# "no") and under make test (MHP_STRICT_SKIPS=1: make test builds all a
# test needs, so nothing should be missing) a skip is a failure unless it
# is "# SKIP optional:" (tests/integration/lib.sh: optional_skip).
#
# A sanitizer finding stops the program (UBSAN_OPTIONS halt_on_error, and
# the SANITIZE=1 build's -fno-sanitize-recover=all): it fails the test.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export MHP_FIXTURES=${MHP_FIXTURES:-tests/fixtures}
export CMOCKA_MESSAGE_OUTPUT=TAP
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1}
ci=0
case ${CI:-} in
'' | 0 | [Ff][Aa][Ll][Ss][Ee] | [Nn][Oo]) ;;
*) ci=1 ;;
esac
[ "${MHP_STRICT_SKIPS:-0}" = 0 ] || ci=1
pass=0 fail=0 skip=0

# tap FILE: the counts of a script's TAP results, "PASS FAIL SKIP", then
# one line per further failure: of the output as a whole (plan, count,
# numbering) or a skip that CI=true does not allow.
tap() {
	awk -v ci=$ci '
	function problem(s) { probs[++np] = s }
	/^1\.\.[0-9]+/ {
		nplan++
		plan = substr($0, 4) + 0
		plan_skip = tolower($0) ~ /^1\.\.0 *# *skip/
		sub(/^1\.\.[0-9]+ *# *[Ss][Kk][Ii][Pp] */, "", $0)
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
		d = tolower($0)
		if (d ~ /^(not )?ok[^#]*# *skip/) {
			if (ci && d !~ /# *skip optional:/) {
				problem("skip under CI (not optional): " $0)
				next
			}
			s++
			next
		}
		if ($0 ~ /^not ok/) { f++; next }
		p++
		next
	}
	END {
		if (nplan == 0) problem("no plan (1..N)")
		else if (nplan > 1) problem(nplan " plans")
		else if (plan_skip && plan == 0 && nres == 0) {
			# The whole script skipped (lib.sh: skip_all).
			if (ci) problem("skipped under CI: " plan_reason)
			else s++
		} else if (plan == 0 && nres == 0)
			problem("an empty plan (1..0) without SKIP")
		else if (nres != plan)
			problem(nres " results of " plan " planned")
		print p + 0, f + 0, s + 0
		for (i = 1; i <= np; i++) print probs[i]
	}' "$1"
}

# judge NAME COMMAND...: run one test, show its output, and add its TAP
# counts and problems to the totals.
judge() {
	local name=$1 out rc t0 p f s why
	shift
	out=$(mktemp)
	t0=$(date +%s)
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	# Where CI's time goes (a TAP comment).
	echo "# $name: $(($(date +%s) - t0)) s"
	{
		read -r p f s
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
		while IFS= read -r why; do
			echo "not ok - $name: $why"
			fail=$((fail + 1))
		done
	} < <(tap "$out")
	if [ "$rc" -ne 0 ]; then
		echo "not ok - $name: exit status $rc"
		fail=$((fail + 1))
	fi
	rm -f "$out"
}

for t in "$@"; do
	judge "$t" "$t"
done

tests=${MHP_INTEGRATION_TESTS:-tests/integration/*.sh}
[ "$tests" != none ] || tests=
for t in $tests; do
	if [ ! -e "$t" ]; then
		echo "not ok - $t: no such test (MHP_INTEGRATION_TESTS matches nothing)"
		fail=$((fail + 1))
		continue
	fi
	[ "$(basename "$t")" != lib.sh ] || continue	# helpers, not a test
	judge "$t" bash "$t"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
