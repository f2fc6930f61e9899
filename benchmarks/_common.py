"""Shared helpers for the benchmarks: timing, medians, machine description, child processes."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ICSGOV = str(Path(PYTHON).with_name("icsgov"))


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def wall(args: list[str], env: dict[str, str] | None = None, repeat: int = 5) -> list[float]:
    """Wall times of running a command ``repeat`` times (stdout discarded; must exit 0)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        done = subprocess.run(args, env={**os.environ, **(env or {})}, capture_output=True)
        times.append(time.perf_counter() - began)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return times


def machine() -> str:
    """nproc, memory, CPU model, Python version, date: the header of RESULTS.md."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    return (
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}\n"
        f"- machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()}\n"
        f"- Python {platform.python_version()}"
    )
