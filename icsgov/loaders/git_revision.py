"""Governance data as it stood at a git revision, for ``icsgov diff --git``.

A reviewer asks what a branch changes (``main..HEAD``). The files under the
``--data`` paths are read from each revision with ``git ls-tree`` and ``git
show`` (never a checkout: the working tree is left alone) into a temporary
folder that keeps their paths, and loaded like any other data. Git is run
with an argument list, never a shell, and a revision that starts with ``-``
is refused, so a revision cannot become an option.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from icsgov.errors import QueryError

__all__ = ["parse_range", "revision_files"]

_TIMEOUT = 60


def parse_range(text: str) -> tuple[str, str]:
    """``A..B`` -> (A, B); ``A`` alone means ``A..HEAD`` (the working branch).

    >>> parse_range("main..HEAD"), parse_range("v1")
    (('main', 'HEAD'), ('v1', 'HEAD'))
    """
    old, dots, new = text.partition("..")
    if dots and new.startswith("."):
        raise QueryError(f"'{text}': give two revisions as OLD..NEW (two dots), e.g. main..HEAD")
    old, new = old.strip() or "HEAD", (new.strip() or "HEAD") if dots else "HEAD"
    for rev in (old, new):
        if rev.startswith("-") or any(c.isspace() or ord(c) < 32 for c in rev):
            raise QueryError(f"'{rev}' is not a git revision")
    return old, new


def _git(args: Sequence[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise QueryError("git is not installed (needed by --git)") from None
    except subprocess.TimeoutExpired:
        raise QueryError(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QueryError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return done.stdout


@contextmanager
def revision_files(revision: str, paths: Sequence[Path]) -> Iterator[list[Path]]:
    """The ``paths`` (files or folders in a git work tree) as they were at ``revision``.

    Yields the same paths under a temporary folder (removed afterwards); a
    path that did not exist at that revision is left out.
    """
    if not paths:
        raise QueryError("--git needs --data: the governance files or folders to compare")
    top = Path(_git(["rev-parse", "--show-toplevel"], Path.cwd()).decode().strip())
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except QueryError:
        raise QueryError(f"'{revision}' is not a commit of the repository {top}") from None
    commit_id = commit.decode().strip()
    relative = []
    for path in paths:
        try:
            relative.append(path.resolve().relative_to(top.resolve()).as_posix() or ".")
        except ValueError:
            raise QueryError(f"{path} is not inside the git repository {top}") from None
    listing = _git(["ls-tree", "-r", "-z", "--name-only", commit_id, "--", *relative], top)
    folder = Path(tempfile.mkdtemp(prefix="icsgov-git-"))
    try:
        for name in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(["show", f"{commit_id}:{name}"], top))
        yield [folder / r for r in relative if (folder / r).exists()]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
