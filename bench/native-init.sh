#!/bin/busybox sh
# shellcheck shell=dash
# /init of the guest that plays a real machine for mhpbench native's test
# (tests/integration/native.sh): a DIMM that boots offline, persistent
# memory (an NVDIMM) that ndctl makes a devdax device. It checks the
# refusals, runs mhpbench native, and prints what the host checks, each
# line "NATIVE: ...", the results as base64 between markers.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
mount -t tmpfs tmpfs /tmp
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
M=/sys/devices/system/memory
say() { echo "NATIVE: $*"; }
states() {
	for f in $M/memory*/state; do
		b=${f%/state}
		echo "${b##*/} $(cat "$f")"
	done | sort
}
memtotal() { sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
refusal() {	# refusal NAME COMMAND...: exit status and stderr lines
	n=$1
	shift
	"$@" >/tmp/out 2>/tmp/err
	rc=$?
	say "$n rc=$rc lines=$(grep -c . /tmp/err) $(head -n1 /tmp/err)"
}
D="--driver /bin/mhpbench-guest"

# Nothing to hot-plug yet: the DIMM is offline, the namespace raw.
refusal nothing mhpbench native $D --out /tmp/r0
refusal nonroot su -s /bin/sh nobody -c "mhpbench native $D --out /tmp/r0"

for f in $M/memory*/state; do
	[ "$(cat "$f")" = offline ] && echo online_movable >"$f"
done
ndctl create-namespace -f -e namespace0.0 -m devdax -M mem >/tmp/ndctl 2>&1
rc=$?
say "ndctl rc=$rc $(ls /sys/bus/dax/devices 2>/dev/null | tr '\n' ' ')"
states >/tmp/before
say "memtotal_before $(memtotal)"
mhpbench native $D --out /tmp/run --samples 2 --blocks 2 --timeout 300 \
	>/tmp/stdout 2>/tmp/stderr
rc=$?
say "run rc=$rc"
sed 's/^/NATIVE: stderr: /' /tmp/stderr
states >/tmp/after
say "memtotal_after $(memtotal)"
if cmp -s /tmp/before /tmp/after; then
	say "states same $(wc -l </tmp/before)"
else
	say "states differ"
	diff /tmp/before /tmp/after | sed 's/^/NATIVE: diff: /'
fi
say "dax driver $(basename "$(readlink /sys/bus/dax/devices/dax0.0/driver)")"
echo "NATIVE-RESULTS-BEGIN"
tar -C /tmp -cz run | base64
echo "NATIVE-RESULTS-END"
sync
poweroff -f
