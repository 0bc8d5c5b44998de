#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bad input: one clear line and exit status 2, never a crash.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

expect_exit2 "unknown arch" "$MHPBENCH" run --arch sparc
expect_exit2 "unknown variant" "$MHPBENCH" run --variants baseline,nosuch
expect_exit2 "unknown scenario" "$MHPBENCH" run --scenario nosuch
expect_exit2 "bad size syntax" "$MHPBENCH" run --sizes 1.5G
expect_exit2 "size not a block multiple" "$MHPBENCH" run --sizes 100M
expect_exit2 "zero samples" "$MHPBENCH" run --samples 0
expect_exit2 "unknown option" "$MHPBENCH" run --frobnicate
expect_exit2 "missing config" "$MHPBENCH" run --config /nonexistent.conf
expect_exit2 "missing kernels" "$MHPBENCH" run --kernels /nonexistent
expect_exit2 "unknown command" "$MHPBENCH" frobnicate
expect_exit2 "build: unknown arch" "$TOP/kernels/build.sh" sparc baseline
expect_exit2 "build: unknown variant" "$TOP/kernels/build.sh" x86_64 nosuch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_exit2 "KSRC that is not a kernel tree" env KSRC="$tmp" "$TOP/kernels/source.sh"
printf 'arch = x86_64\nbogus = 1\n' >"$tmp/bad.conf"
expect_exit2 "config with an unknown key" "$MHPBENCH" run --config "$tmp/bad.conf"
