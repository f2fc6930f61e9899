"""Progress on long work: one line on stderr, only for a person watching a terminal.

Library code says how far it has got with :func:`tick` (a label, a count
and, when known, a total); that costs one context-variable read when nobody
listens, so loops may tick freely. The command line listens (:func:`shown`)
only when stderr is a terminal and the command was not run with ``--json``
or ``icsgov --quiet``: piped output and scripts see nothing, and stdout is
never touched.

The line is redrawn at most ten times a second, appears only once work has
gone on for :data:`DELAY` seconds (a quick command shows nothing), and is
erased when the command ends, so what remains on the terminal is the
command's own output. Written with the standard library alone: a progress
library (rich, tqdm) would add tens of milliseconds to the start of every
command for a line this simple.

>>> import io
>>> with shown(True, io.StringIO()):
...     tick("Reading YAML", 1, 3)  # drawn once DELAY has passed
>>> tick("Nobody listens", 1)  # outside shown(): does nothing
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TextIO

__all__ = ["DELAY", "QUIET_KEY", "shown", "tick", "wanted"]

DELAY = 0.5
"""Seconds of work before the line appears."""
_EVERY = 0.1
QUIET_KEY = "icsgov.quiet"
"""Where ``icsgov --quiet`` leaves its flag in ``click.Context.meta``."""


class _Line:
    """The one progress line, redrawn in place on a terminal."""

    def __init__(self, stream: TextIO, allowed: bool | None) -> None:
        self.stream = stream
        self.allowed = allowed
        self.began = time.monotonic()
        self.drawn_at = 0.0
        self.width = 0

    def __call__(self, label: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.began < DELAY or now - self.drawn_at < _EVERY:
            return
        if self.allowed is None:  # decided inside the command, where --json is known
            self.allowed = wanted(stream=self.stream)
        if not self.allowed:
            return
        self.drawn_at = now
        if total:
            text = f"{label}: {done:,} of {total:,} ({100 * done // max(total, 1)}%)"
        else:
            text = f"{label}: {done:,}"
        text = text[:200]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def erase(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


_sink: ContextVar[_Line | None] = ContextVar("icsgov_progress", default=None)


def tick(label: str, done: int, total: int | None = None) -> None:
    """Report that ``done`` of ``total`` units of the work called ``label`` are done.

    Cheap when nobody listens; callers need not throttle.
    """
    line = _sink.get()
    if line is not None:
        line(label, done, total)


def wanted(*, as_json: bool = False, stream: TextIO | None = None) -> bool:
    """Whether a person is watching: stderr is a terminal, and neither --json nor --quiet."""
    out = stream or sys.stderr
    if as_json or not out.isatty():
        return False
    try:
        import click
    except ImportError:  # pragma: no cover - click is a dependency
        return True
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.meta.get(QUIET_KEY) or ctx.params.get("as_json"):
            return False
        ctx = ctx.parent
    return True


@contextlib.contextmanager
def shown(show: bool | None = None, stream: TextIO | None = None) -> Iterator[None]:
    """Draw ticks on ``stream`` (stderr) while the block runs, if ``show``.

    ``show=None`` decides at the first tick worth drawing, with :func:`wanted`
    (the command line's way: by then the command's ``--json`` is known). The
    line is erased at the end, whether the block succeeds or fails.
    """
    out = stream or sys.stderr
    if show is False or (not out.isatty() and show is None):
        yield
        return
    line = _Line(out, show)
    token = _sink.set(line)
    try:
        yield
    finally:
        _sink.reset(token)
        line.erase()
