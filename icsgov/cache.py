"""An on-disk cache of loaded governance, keyed by the content of the inputs.

Loading national-scale YAML takes a while (parsing, validation, reference
checks); the answer to a question should not. :func:`cached_read` keys an
entry by a SHA-256 over the icsgov version, :data:`FORMAT_VERSION` and, for
each input file in sorted order, its path and the SHA-256 of its bytes:
content, never modification times. An entry is used only when its stored key
equals the key of today's inputs and the digest of its payload checks out; a
truncated, corrupt or unreadable entry is ignored and rebuilt, never trusted.
Invalid inputs are never cached: on a miss the loader validates everything
and raises exactly as it would without a cache, so a hit implies the same
bytes validated before.

Entries live in ``ICSGOV_CACHE_DIR`` (default ``~/.cache/icsgov``), created
on demand and written atomically (a temporary file, then ``os.replace``).
``ICSGOV_NO_CACHE=1`` bypasses the cache.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yaml").write_text("footprints: [{id: e, name: England, level: national}]")
>>> from icsgov.loaders.governance_yaml import read_yaml
>>> gov = cached_read([folder], read_yaml, directory=folder / "cache")
>>> cached_read([folder], read_yaml, directory=folder / "cache").get("e").label
'England'
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from icsgov.ontology.governance import Governance

__all__ = ["FORMAT_VERSION", "cache_dir", "cache_enabled", "cache_key", "cached_read"]

FORMAT_VERSION = "1"
"""Bump when the loader or the pickled form changes meaning: old entries then miss."""

_MAGIC = b"ICSGOV-CACHE\x01"
_DIGEST = 32

PathLike = str | Path
Reader = Callable[[list[PathLike]], Governance]


def cache_dir() -> Path:
    """``ICSGOV_CACHE_DIR``, or ``~/.cache/icsgov``."""
    configured = os.environ.get("ICSGOV_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "icsgov"


def cache_enabled() -> bool:
    """False when ``ICSGOV_NO_CACHE`` is set to anything but ``0`` or empty."""
    return os.environ.get("ICSGOV_NO_CACHE", "") in ("", "0")


def _version() -> str:
    from icsgov import __version__

    return str(__version__)


def cache_key(files: Sequence[Path]) -> str:
    """SHA-256 (hex) over the version, the format version, and each file's path and content.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = f.write_text("a")
    >>> k = cache_key([f]); _ = f.write_text("b"); k == cache_key([f])
    False
    """
    outer = hashlib.sha256()
    outer.update(f"icsgov {_version()} format {FORMAT_VERSION}\n".encode())
    for file in sorted(files, key=str):
        outer.update(str(file).encode("utf-8", "surrogateescape") + b"\0")
        outer.update(hashlib.sha256(file.read_bytes()).digest())
    return outer.hexdigest()


def _entry(directory: Path, key: str) -> Path:
    return directory / f"{key[:2]}" / f"{key}.pickle"


def _read_entry(path: Path, key: str) -> Governance | None:
    """The cached governance, or ``None`` for anything missing, foreign or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + len(key)
    if len(data) < head + _DIGEST or data[: len(_MAGIC)] != _MAGIC:
        return None
    if data[len(_MAGIC) : head] != key.encode("ascii"):
        return None
    digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    was_enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects: collecting meanwhile triples the time
    try:
        found = pickle.loads(payload)
    except Exception:  # a damaged pickle can fail in many ways; all mean "rebuild"
        return None
    finally:
        if was_enabled:
            gc.enable()
    return found if isinstance(found, Governance) else None


def _write_entry(path: Path, key: str, gov: Governance) -> None:
    """Write atomically; a cache that cannot be written is skipped, never an error."""
    try:
        payload = pickle.dumps(gov, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + key.encode("ascii") + hashlib.sha256(payload).digest())
                out.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        return


def cached_read(
    paths: Sequence[PathLike],
    reader: Reader,
    *,
    directory: Path | None = None,
    enabled: bool | None = None,
) -> Governance:
    """``reader(paths)``, or the cached result of an earlier call on the same bytes.

    Paths that do not exist, or folders without YAML, go straight to
    ``reader`` so that its error is the one the user sees.
    """
    from icsgov.loaders.governance_yaml import yaml_files

    if not (cache_enabled() if enabled is None else enabled):
        return reader(list(paths))
    files, problems = yaml_files(paths)
    if problems:
        return reader(list(paths))
    try:
        key = cache_key(files)
    except OSError:
        return reader(list(paths))
    entry = _entry(directory or cache_dir(), key)
    found = _read_entry(entry, key)
    if found is not None:
        return found
    gov = reader(list(paths))
    _write_entry(entry, key, gov)
    return gov
