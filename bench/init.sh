#!/bin/busybox sh
# shellcheck shell=dash
# /init of the mhpbench guest image: mount the pseudo file systems and
# hand over to the guest driver, which powers the guest off when done.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
# A prebuilt kernel's modules (kernels/prebuilt.sh), in dependency order.
if [ -r /lib/modules/mhpbench.load ]; then
	while read -r m; do
		insmod "$m" || echo "mhpbench: insmod $m failed"
	done </lib/modules/mhpbench.load
fi
exec /bin/mhpbench-guest
