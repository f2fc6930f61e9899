"""Write an output file whole or not at all: the one helper behind every ``-o``.

A run killed half-way through writing ``-o gov.ttl`` must not leave a
truncated ``gov.ttl`` where a good one was. :func:`write_output` writes to a
temporary file in the same folder, flushes it to disk, and renames it over
the target in one step (``os.replace``), so the target is always either the
old file or the whole new one. A target that exists and is not a regular
file (``/dev/stdout``, a named pipe) is written in place, since it cannot be
replaced. Anything that stops the write raises
:class:`~icsgov.errors.OutputError` naming the path and the reason.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
>>> write_output(target, "a,b\\n")
>>> target.read_text()
'a,b\\n'
>>> try:
...     write_output(target.parent / "missing" / "out.csv", "x")
... except OutputError as exc:
...     print(str(exc).split(": ", 1)[1])
the folder does not exist; create it first
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from icsgov.errors import OutputError

__all__ = ["write_output"]


def _fail(path: Path, reason: str) -> OutputError:
    return OutputError(f"cannot write {path}: {reason}")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` (text as ``encoding``) to ``path`` atomically; :class:`OutputError` if not."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _fail(target, exc.strerror or str(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _fail(target, "it is a folder; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(target, payload)
        return
    folder = target.parent
    if not folder.is_dir():
        reason = "the folder does not exist; create it first"
        if folder.exists():
            reason = f"{folder} is not a folder"
        raise _fail(target, reason)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _fail(target, exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _fail(target, exc.strerror or str(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_in_place(target: Path, payload: bytes) -> None:
    try:
        with target.open("wb") as out:
            out.write(payload)
    except OSError as exc:
        raise _fail(target, exc.strerror or str(exc)) from None
