#!/usr/bin/env python3
"""Writes a small usage log and its demand for the README's `rightsize` and `bottlenecks` examples.

Fourteen days from 2026-11-01, two API containers sampled every minute behind a demand that grows 5% of its first day a day
with a daily cycle: each uses 0.4 ms of CPU and 60 KB of memory per request an hour over a 300 MiB base,
with noise; `api-1` is killed out of memory once on day 10. Writes OUT/usage/usage_YYYYMMDD.jsonl and
OUT/demand.csv (requests per hour). Deterministic (seeded).
"""
import json
import math
import os
import random
import sys
from datetime import datetime, timezone

START = 1793491200  # 2026-11-01T00:00:00Z
DAYS = 14
MIB = 1024 * 1024


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def demand_at(hour):
    day = hour / 24
    return 6000 * (1 + 0.05 * day) * (1 + 0.5 * math.sin(2 * math.pi * (hour % 24 - 8) / 24))


def main(out):
    random.seed(13)
    os.makedirs(os.path.join(out, "usage"), exist_ok=True)
    files = {}
    for index, name in enumerate(["api-1", "api-2"]):
        cpu_seconds = 0.0
        oom_kills = 0
        for minute in range(DAYS * 24 * 60 + 1):
            time = START + 60 * minute
            memory = 0
            if minute > 0:
                requests = demand_at((minute - 1) // 60) / 2
                cpu_seconds += max(0.0, 0.0004 * requests * (1 + random.gauss(0, 0.1))) * 60
                memory = int(300 * MIB + 60000 * requests * (1 + random.gauss(0, 0.02)))
            if name == "api-1" and minute == 10 * 24 * 60 + 14 * 60:
                oom_kills += 1
            sample = {"time": iso(time), "target": f"/kubepods/pod-api/{name}", "name": name,
                      "cpu_seconds": round(cpu_seconds, 3), "memory_bytes": memory, "oom_kills": oom_kills,
                      "cpu_request_cores": 1, "cpu_limit_cores": 4, "memory_request_bytes": 512 * MIB,
                      "memory_limit_bytes": 768 * MIB}
            day = datetime.fromtimestamp(time, timezone.utc).strftime("%Y%m%d")
            files.setdefault(day, []).append(json.dumps(sample, separators=(",", ":")))
    for day, lines in files.items():
        with open(os.path.join(out, "usage", f"usage_{day}.jsonl"), "w") as handle:
            handle.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "demand.csv"), "w") as handle:
        handle.write("timestamp,requests\n")
        for hour in range(DAYS * 24):
            handle.write(f"{iso(START + 3600 * hour)},{demand_at(hour):.0f}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "usage-example")
