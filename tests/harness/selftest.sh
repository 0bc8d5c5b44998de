#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The test harness tested: tests/run.sh runs each fixture of
# tests/harness/fixtures/ alone and must pass or fail it as the table says,
# with the reason. make test runs this first (a few seconds): a harness
# that let a broken script pass would let every integration test pass.
#
# A fixture is a script (FIXTURE.sh, run as an integration test; a glob
# that matches none is a case too) or a program built by `make harness`
# (build/harness/FIXTURE, run as a unit test binary).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

# FIXTURE  CI  EXIT  what tests/run.sh must print (ERE)
cases='
pass         false 0 ^2 passed, 0 failed, 0 skipped$
pass         true  0 ^2 passed, 0 failed, 0 skipped$
exit1        false 1 fixtures/exit1.sh: exit status 1$
short        false 1 fixtures/short.sh: 2 results of 3 planned$
extra        false 1 fixtures/extra.sh: 2 results of 1 planned$
noplan       false 1 fixtures/noplan.sh: no plan
lateplan     false 1 fixtures/lateplan.sh: plan after the first result$
twoplans     false 1 fixtures/twoplans.sh: 2 plans$
unbound      false 1 fixtures/unbound.sh: 1 results of 2 planned$
subshell     false 1 fixtures/subshell.sh: result 2 numbered 1$
notok        false 1 ^1 passed, 1 failed, 0 skipped$
skip         false 0 ^1 passed, 0 failed, 1 skipped$
skip         true  1 fixtures/skip.sh: skip under CI \(not optional\): ok 2 # SKIP the x86_64 kernel
skip         1     1 fixtures/skip.sh: skip under CI \(not optional\)
skip         yes   1 fixtures/skip.sh: skip under CI \(not optional\)
skip         0     0 ^1 passed, 0 failed, 1 skipped$
skip         strict 1 fixtures/skip.sh: skip under CI \(not optional\)
skiplower    false 0 ^1 passed, 0 failed, 1 skipped$
skiplower    true  1 fixtures/skiplower.sh: skip under CI \(not optional\): ok 2 # skip
emptyplan    false 1 fixtures/emptyplan.sh: an empty plan \(1\.\.0\) without SKIP$
nosuch*      false 1 fixtures/nosuch\*\.sh: no such test \(MHP_INTEGRATION_TESTS matches nothing\)$
cmocka_skip  false 0 ^1 passed, 0 failed, 1 skipped$
cmocka_skip  true  1 cmocka_skip: skip under CI \(not optional\): not ok 2 # SKIP test_needs_gnuplot
ub_san       false 1 ub_san: exit status [1-9]
optional     true  0 ^1 passed, 0 failed, 1 skipped$
skipall      false 0 ^0 passed, 0 failed, 1 skipped$
skipall      true  1 fixtures/skipall.sh: skipped under CI: no kernels here$
skiprest     false 0 ^1 passed, 0 failed, 2 skipped$
skiprest     true  1 ^1 passed, 2 failed, 0 skipped$
exit2pattern false 1 ^not ok 1 - a command that fails for another reason: exit 2, stderr: mhpbench: no such file
exit2right   false 0 ^1 passed, 0 failed, 0 skipped$
lacks        false 1 ^not ok 1 - no line says FAIL$
'

make -s --no-print-directory harness || { echo "Bail out! make harness failed"; exit 1; }
n=$(printf '%s\n' "$cases" | grep -c .)
echo "1..$n"
i=0 bad=0
while read -r fixture ci want pattern; do
	[ -n "$fixture" ] || continue
	i=$((i + 1))
	# "strict": make test's own setting (MHP_STRICT_SKIPS=1), not CI.
	strict=0
	[ "$ci" != strict ] || ci=false strict=1
	# A program is a unit test binary; else the script an integration test.
	unit=() tests=tests/harness/fixtures/$fixture.sh
	if [ -x "build/harness/$fixture" ]; then
		unit=("build/harness/$fixture") tests=none
	fi
	out=$(MHP_STRICT_SKIPS=$strict CI=$ci MHP_INTEGRATION_TESTS="$tests" \
		tests/run.sh "${unit[@]}" 2>&1)
	rc=$?
	what="harness: $fixture (CI=$ci strict=$strict) exits $want, says /$pattern/"
	if [ "$rc" -eq "$want" ] && printf '%s\n' "$out" | grep -qE -- "$pattern"; then
		echo "ok $i - $what"
	else
		echo "not ok $i - $what: exit $rc"
		printf '%s\n' "$out" | sed 's/^/#   /'
		bad=1
	fi
done <<<"$cases"
exit $bad
