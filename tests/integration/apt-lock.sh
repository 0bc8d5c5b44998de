#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kernels/deps.sh (the first step of make test and make bench) while
# another package manager holds dpkg's lock: it waits and says so once,
# and installs when the lock is free; it gives up after
# MHP_APT_LOCK_WAIT seconds with one line and exit 2. apt-get here is a
# stand-in first on PATH that reports the lock as apt 2.6 does, so no
# package is installed and no real lock is taken (a second or so).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 6
[ "$(id -u)" -eq 0 ] || skip_all "deps.sh installs as root only"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
# The stand-in: locked for the first LOCKED calls, then it succeeds.
cat >"$tmp/bin/apt-get" <<'EOS'
#!/bin/sh
n=$(($(cat "$APT_CALLS" 2>/dev/null || echo 0) + 1))
echo $n >"$APT_CALLS"
if [ "$n" -le "$LOCKED" ]; then
	echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
	echo "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?" >&2
	exit 100
fi
echo "Setting up $*"
EOS
chmod +x "$tmp/bin/apt-get"

# deps N LOCKED WAIT: deps.sh installing a missing package while the
# lock is held for LOCKED calls, waiting up to WAIT s; its calls in
# $tmp/callsN, its output in $tmp/outN and $tmp/errN.
deps() {
	PATH=$tmp/bin:$PATH APT_CALLS=$tmp/calls$1 LOCKED=$2 MHP_APT_LOCK_WAIT=$3 \
		MHP_EXTRA_PACKAGES=mhpbench-no-such-package "$TOP/kernels/deps.sh" \
		>"$tmp/out$1" 2>"$tmp/err$1"
}

deps 1 2 60
rc=$?
check "lock held twice, then free: exit 0 (exit $rc)" test "$rc" -eq 0
check "  apt-get tried 3 times ($(cat "$tmp/calls1" 2>/dev/null))" \
	test "$(cat "$tmp/calls1" 2>/dev/null)" = 3
check "  said once that it waits, naming the holder" \
	test "$(grep -c 'apt-get install: another package manager holds the lock (held by process 4242 (apt-get)): waiting up to 60 s' "$tmp/err1")" = 1

deps 2 1000 3
rc=$?
check "lock never free: exit 2 (exit $rc)" test "$rc" -eq 2
check "  after MHP_APT_LOCK_WAIT, apt-get tried no more ($(cat "$tmp/calls2" 2>/dev/null) times)" \
	test "$(cat "$tmp/calls2" 2>/dev/null)" -ge 2 -a "$(cat "$tmp/calls2" 2>/dev/null)" -le 3
check "  the last line says why it stopped" \
	test "$(tail -n 1 "$tmp/err2")" = "mhpbench: apt-get install: the package manager's lock is still held after 3 s (MHP_APT_LOCK_WAIT)"
