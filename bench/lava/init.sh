#!/bin/busybox sh
# shellcheck shell=dash
# /init of the LAVA guest image (bench/lava/image.sh): the hot-add sample
# run from inside the guest by mhpbench-lava, which prints its rows as LAVA
# test cases. The console stays open afterwards: LAVA's monitor must see
# the end line before the job ends the guest, never a closed connection.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t tmpfs tmpfs /tmp
/bin/mhpbench-lava
while :; do
	sleep 3600
done
