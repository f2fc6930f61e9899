"""Run the real ``icsgov`` entry point (with its error handling) from tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from icsgov.cli import main


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    """Call ``icsgov ARGS`` through ``main`` exactly as the console script does."""
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)
