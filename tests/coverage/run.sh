#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coverage: which lines of src/ the tests execute. Runs the given
# unit tests (built with --coverage) and the integration tests that use
# the host binary and boot nothing (MHP_COVERAGE_TESTS: scripts, or "all"
# for every integration test, as make test runs them: that needs the
# kernels and guest images make test builds), through tests/run.sh, with
# the instrumented runner; then gcovr writes
# build/coverage/index.html (a page per file) and build/coverage/src.txt
# (per file: lines, lines executed, percent, lines missed), and
# build/coverage/bench.txt for the guest code the unit tests link.
#
# Usage: tests/coverage/run.sh OBJDIR MHPBENCH UNIT_TEST...
# Exit 1 when a test failed (the reports are written all the same).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

[ $# -ge 2 ] || { echo "usage: $0 OBJDIR MHPBENCH UNIT_TEST..." >&2; exit 2; }
obj=$1 bin=$2
shift 2
out=${MHP_COVERAGE_DIR:-build/coverage}
tdir=$(dirname "${1:-build/tests-cov/x}")
tests=${MHP_COVERAGE_TESTS:-tests/integration/bad-input.sh tests/integration/report.sh tests/integration/fuzz-replay.sh}
[ "$tests" != all ] || tests='tests/integration/*.sh'
command -v gcovr >/dev/null || { echo "coverage: gcovr is missing (make coverage installs it)" >&2; exit 2; }
[ -x "$bin" ] || { echo "coverage: $bin: not built" >&2; exit 2; }

# Counts of an earlier run would add up with this one's.
find "$obj" "$tdir" -name '*.gcda' -delete 2>/dev/null
rm -rf "$out"
mkdir -p "$out"
# bad-input.sh runs the runner as nobody too: the counts must be files any
# user can write (umask 0 while the tests run, directories opened up), or
# gcov prints its errors where the test wants one line.
chmod -R a+rwX "$obj" "$tdir"
umask 0000

MHPBENCH=$bin MHPBENCH_SAN=$bin MHP_REPLAY_DIR=$tdir \
	MHP_INTEGRATION_TESTS=$tests tests/run.sh "$@" >"$out/tests.log" 2>&1
rc=$?
umask 0022
tail -n 1 "$out/tests.log"
[ "$rc" -eq 0 ] || grep '^not ok' "$out/tests.log"

gcovr --root . --filter 'src/' --html-details "$out/index.html" \
	--txt "$out/src.txt" --print-summary "$obj" "$tdir" >"$out/summary.txt"
gcr=$?
[ "$gcr" -eq 0 ] || { echo "coverage: gcovr failed" >&2; exit 2; }
gcovr --root . --filter 'bench/' --txt "$out/bench.txt" "$tdir" >/dev/null
cat "$out/src.txt"
grep -v '^---' "$out/bench.txt" | sed -n '/^bench/p'
cat "$out/summary.txt"
echo "coverage: $out/index.html, $out/src.txt (tests: $out/tests.log)"
[ "$rc" -eq 0 ] || exit 1
