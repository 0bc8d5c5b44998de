#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every input in each fuzz target's corpus (seeds, and crashes found by
# make fuzz) runs through the sanitized parser without a crash.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

dir=${MHP_REPLAY_DIR:-$TOP/build/tests-san}
targets=("$TOP"/tests/fuzz/fuzz_*.c)
plan ${#targets[@]}
for src in "${targets[@]}"; do
	t=$(basename "${src%.c}")
	t=${t#fuzz_}
	bin=$dir/replay_$t
	if [ ! -x "$bin" ]; then
		not_ok "replay $t: $bin not built"
		continue
	fi
	files=("$TOP/tests/fuzz/corpus/$t"/*)
	if [ ! -e "${files[0]}" ]; then
		not_ok "replay $t: empty corpus"
		continue
	fi
	check "replay $t: ${#files[@]} inputs, no crash" "$bin" "${files[@]}"
done
