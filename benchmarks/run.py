"""Run every benchmark script in this folder, one after another (``make bench``).

Each script measures icsgov against a baseline in the same run and prints the
ratio; this runner only calls them and reports which failed. Add a script to
``SCRIPTS`` to include it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS: list[tuple[str, list[str]]] = [
    ("neo4j_push.py", ["--repeat", "1"]),  # the naive loader takes minutes per run
    ("rdf_who_decides.py", []),
    ("rdf_who_decides.py", ["--repeat", "3"]),
]
"""(script, arguments): the benchmarks ``make bench`` runs."""


def main() -> int:
    failed = []
    for script, args in SCRIPTS:
        print(f"== {script} {' '.join(args)}".rstrip(), flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE.parent)
        if done.returncode != 0:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
