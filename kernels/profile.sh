#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Print one key of an arch profile (configs/arch/ARCH.conf), for the
# Makefile and the tests:
#
#   kernels/profile.sh ARCH KEY
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: kernels/profile.sh ARCH KEY"
conf_get "$(arch_conf "$1")" "$2"
