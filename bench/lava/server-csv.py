#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Write a lava-run log's results the way a LAVA server's results export
# does (lava_results_app: /results/JOB/csv, testcase_export_fields(), the
# metadata column a Python dict's str()), for the import's test.
#
#   bench/lava/server-csv.py JOB_ID < lava-run.log > results.csv
import csv
import sys

import yaml

FIELDS = ["job", "suite", "result", "measurement", "unit", "duration", "timeout",
          "logged", "level", "metadata", "url", "name", "id", "log_start_line",
          "log_end_line"]


def main():
    job = sys.argv[1]
    w = csv.DictWriter(sys.stdout, fieldnames=FIELDS)
    w.writerow(dict(zip(FIELDS, FIELDS)))
    for n, line in enumerate(sys.stdin):
        rec = yaml.load(line, Loader=yaml.BaseLoader)
        if rec.get("lvl") != "results":
            continue
        msg = rec["msg"]
        w.writerow({"job": job, "suite": msg["definition"], "result": msg["result"],
                    "measurement": msg.get("measurement", "None"),
                    "unit": msg.get("units", ""), "duration": "", "timeout": "",
                    "logged": rec["dt"], "level": msg.get("level", ""),
                    "metadata": str(msg), "url": "/results/%s" % job,
                    "name": msg["case"], "id": str(n), "log_start_line": "",
                    "log_end_line": ""})
    return 0


if __name__ == "__main__":
    sys.exit(main())
