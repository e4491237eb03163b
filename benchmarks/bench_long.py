"""Enormous articles (issue 11, defect 8): peak memory and time growth of ``analyze``.

Each text is built from real English articles of the shared corpus (html-benchmark
bodies, paragraphs kept, joined by blank lines) to 250k, 500k and 1M characters, plus a
200k-character single line (the same text with every line break made a space). Each size
runs in a fresh process, which reports its CPU time and its peak resident memory
(VmHWM). Targets in ``thresholds.json``: peak RSS under ``long_peak_rss_mb_max`` for every
size, and CPU time growing no faster than size^``long_time_growth_exponent_max`` from
250k to 1M characters (1.0 is linear).

Usage: python benchmarks/bench_long.py [--json] [--sizes 250000,500000,1000000]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
THRESHOLDS = json.loads((ROOT / "benchmarks" / "thresholds.json").read_text())

CHILD = r"""
import json, sys, time
from pathlib import Path
from claimledger.language import detect_language
size, one_line = int(sys.argv[1]), sys.argv[2] == "line"
bodies = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
english = [b["articleBody"].strip() for _, b in sorted(bodies.items())
           if detect_language(b["articleBody"]).language == "en"]
parts, total, i = [], 0, 0
while total < size:
    parts.append(english[i % len(english)])
    total += len(parts[-1]) + 2
    i += 1
text = "\n\n".join(parts)[:size]
if one_line:
    text = " ".join(text.split())
import claimledger
claimledger.analyze("Warm-up: the model loads before the clock starts, officials said.")
start = time.process_time()
analysis = claimledger.analyze(text)
cpu = time.process_time() - start
peak = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
print(json.dumps({"chars": len(text), "cpu_s": cpu, "peak_rss_mb": int(peak) / 1024,
                  "attributions": len(analysis.attributions),
                  "claims": len(analysis.claims)}))
"""


def run(size: int, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(size), mode,
         str(CORPUS / "html-benchmark" / "ground-truth.json")],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="250000,500000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs: list[dict[str, float | str]] = []
    for size, mode in [*((s, "paragraphs") for s in sizes), (200_000, "line")]:
        runs.append({"mode": mode, **run(size, mode)})
        if not args.json:  # each figure as soon as it is known: the 1M run is long
            print("  measured:", json.dumps(runs[-1]), flush=True)
    small, large = runs[0], runs[len(sizes) - 1]
    exponent = (math.log(float(large["cpu_s"]) / float(small["cpu_s"]))
                / math.log(float(large["chars"]) / float(small["chars"])))
    peak = max(float(r["peak_rss_mb"]) for r in runs)
    failures = []
    if peak > THRESHOLDS["long_peak_rss_mb_max"]:
        failures.append("peak memory over its ceiling")
    if exponent > THRESHOLDS["long_time_growth_exponent_max"]:
        failures.append("time grows faster than its ceiling")
    result = {"runs": runs, "time_growth_exponent": exponent, "peak_rss_mb": peak,
              "failures": failures}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print("analyze on long real text (fresh process per size):")
        for r in runs:
            print(f"  {r['mode']:11} {int(r['chars']):>9,} chars  CPU {r['cpu_s']:6.1f} s  "
                  f"peak RSS {r['peak_rss_mb']:5.0f} MB  "
                  f"{int(r['attributions'])} attributions, {int(r['claims'])} claims")
        print(f"  time growth exponent {exponent:.2f} "
              f"(ceiling {THRESHOLDS['long_time_growth_exponent_max']}); "
              f"peak RSS {peak:.0f} MB (ceiling {THRESHOLDS['long_peak_rss_mb_max']})")
        for failure in failures:
            print(f"  FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
