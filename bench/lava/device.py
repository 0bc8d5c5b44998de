#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Render a LAVA device description from a device dictionary with LAVA's own
# device-type templates (lava-server's qemu.jinja2 and base.jinja2,
# extracted from the Debian package, the server not installed), the way
# the server renders them (trim_blocks).
#
#   bench/lava/device.py TEMPLATES DICTIONARY OUTPUT
import os
import sys

import jinja2
import yaml


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: device.py TEMPLATES DICTIONARY OUTPUT\n")
        return 2
    templates, dictionary, out = sys.argv[1:]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([templates, os.path.dirname(dictionary)]),
        trim_blocks=True, autoescape=False)
    try:
        text = env.get_template(os.path.basename(dictionary)).render()
        yaml.safe_load(text)
    except (jinja2.TemplateError, yaml.YAMLError) as e:
        sys.stderr.write("device.py: %s: %s\n" % (dictionary, str(e).splitlines()[0]))
        return 2
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.rename(out + ".tmp", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
