"""``make bench``: run every benchmark script in this folder; non-zero if any misses its target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        code = subprocess.run([sys.executable, str(script)], check=False).returncode
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
