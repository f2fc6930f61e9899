"""An on-disk cache of loaded governance, keyed by the content of the inputs.

Loading national-scale YAML takes a while (parsing, validation, reference
checks); the answer to a question should not. :func:`cached_read` keys an
entry by a SHA-256 over the icsgov version, :data:`FORMAT_VERSION` and, for
each input file in sorted order, its path and the SHA-256 of its bytes:
content, never modification times. An entry is used only when its stored key
equals the key of today's inputs and its HMAC-SHA256, under a secret key of
this user's, checks out; a truncated, corrupt, forged or unreadable entry is
ignored and rebuilt, never trusted.
Invalid inputs are never cached: on a miss the loader validates everything
and raises exactly as it would without a cache, so a hit implies the same
bytes validated before.

Entries live in ``ICSGOV_CACHE_DIR`` (default ``~/.cache/icsgov``), created
on demand with mode 0700 and written atomically (a temporary file, then
``os.replace``). ``ICSGOV_NO_CACHE=1`` bypasses the cache.

**Trust.** An entry is a pickle, and unpickling runs code, so nothing is
unpickled unless it carries an HMAC made with the secret in ``key`` (32
random bytes, created 0600 beside the entries). Someone who can write to the
folder but cannot read the key can plant or edit entries, and each one is
then rebuilt, never loaded. A folder, key or entry that is not owned by this
user, or that others may write (or, for the key, read), is refused: icsgov
says so once on stderr and runs without the cache.

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
import hmac
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from icsgov.ontology.governance import Governance

__all__ = [
    "FORMAT_VERSION",
    "UnsafeCache",
    "cache_dir",
    "cache_enabled",
    "cache_key",
    "cached_read",
]

FORMAT_VERSION = "3"
"""Bump when the loader or the pickled form changes meaning: old entries then miss."""

_MAGIC = b"ICSGOV-CACHE\x02"
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
    from icsgov._version import __version__

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


class UnsafeCache(Exception):
    """A cache folder, key or entry that others could have written; the cache is not used."""


def _check_owned(path: Path, *, private: bool, kind: str) -> os.stat_result:
    """``lstat`` of ``path``, refusing a symlink, another owner, or write (or read) by others."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeCache(f"{kind} {path} is a symbolic link")
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        raise UnsafeCache(f"{kind} {path} belongs to another user (uid {info.st_uid})")
    loose = 0o077 if private else 0o022
    if getuid is not None and info.st_mode & loose:
        what = "others can read or write it" if private else "others can write to it"
        raise UnsafeCache(f"{kind} {path} has mode {stat.S_IMODE(info.st_mode):o}: {what}")
    return info


def _safe_folder(folder: Path) -> None:
    """Create ``folder`` 0700 if missing; refuse one that is not this user's alone to write."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UnsafeCache(f"cannot create the cache folder {folder}: {exc.strerror}") from None
    info = _check_owned(folder, private=False, kind="cache folder")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCache(f"cache folder {folder} is not a folder")


def _secret(directory: Path) -> bytes:
    """This user's cache key: 32 random bytes in ``directory/key``, created 0600."""
    path = directory / "key"
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except FileExistsError:
        pass
    except OSError as exc:
        raise UnsafeCache(f"cannot create the cache key {path}: {exc.strerror}") from None
    else:
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(32))
    info = _check_owned(path, private=True, kind="cache key")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeCache(f"cache key {path} is not a regular file")
    secret = path.read_bytes()
    if len(secret) < 32:
        raise UnsafeCache(f"cache key {path} is damaged (remove it; a new one is made)")
    return secret


def _entry(directory: Path, key: str) -> Path:
    return directory / f"{key[:2]}" / f"{key}.pickle"


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, _MAGIC + key.encode("ascii") + payload, hashlib.sha256).digest()


def _read_entry(path: Path, key: str, secret: bytes) -> Governance | None:
    """The cached governance, or ``None`` for anything missing, foreign, forged or damaged.

    Nothing is unpickled before its HMAC under ``secret`` has been checked.
    """
    try:
        info = _check_owned(path, private=False, kind="cache entry")
        if not stat.S_ISREG(info.st_mode):
            return None
        data = path.read_bytes()
    except (OSError, UnsafeCache):
        return None
    head = len(_MAGIC) + len(key)
    if len(data) < head + _DIGEST or data[: len(_MAGIC)] != _MAGIC:
        return None
    if data[len(_MAGIC) : head] != key.encode("ascii"):
        return None
    digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if not hmac.compare_digest(_mac(secret, key, payload), digest):
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


def _write_entry(path: Path, key: str, gov: Governance, secret: bytes) -> None:
    """Write atomically; a cache that cannot be written is skipped, never an error."""
    try:
        payload = pickle.dumps(gov, protocol=pickle.HIGHEST_PROTOCOL)
        _safe_folder(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + key.encode("ascii") + _mac(secret, key, payload))
                out.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, UnsafeCache, pickle.PicklingError, RecursionError):
        return


_warned: set[str] = set()


def _warn(reason: str) -> None:
    if reason not in _warned:
        _warned.add(reason)
        print(
            f"icsgov: not using the cache: {reason}. Fix: remove the folder or give it to "
            "yourself alone (chmod 700), or set ICSGOV_CACHE_DIR to a private folder.",
            file=sys.stderr,
        )


def cached_read(
    paths: Sequence[PathLike],
    reader: Reader,
    *,
    directory: Path | None = None,
    enabled: bool | None = None,
) -> Governance:
    """``reader(paths)``, or the cached result of an earlier call on the same bytes.

    Paths that do not exist, or folders without YAML, go straight to
    ``reader`` so that its error is the one the user sees. An unsafe cache
    folder (see the module's docstring) is reported once and not used.
    """
    from icsgov.loaders.governance_yaml import yaml_files

    if not (cache_enabled() if enabled is None else enabled):
        return reader(list(paths))
    files, problems = yaml_files(paths)
    if problems:
        return reader(list(paths))
    from icsgov.loaders.governance_yaml import MAX_FILE_BYTES

    try:
        if any(f.stat().st_size > MAX_FILE_BYTES for f in files):
            return reader(list(paths))  # refused by size before anything is hashed
        key = cache_key(files)
    except OSError:
        return reader(list(paths))
    folder = directory or cache_dir()
    try:
        _safe_folder(folder)
        secret = _secret(folder)
    except (OSError, UnsafeCache) as exc:
        _warn(str(exc))
        return reader(list(paths))
    entry = _entry(folder, key)
    found = _read_entry(entry, key, secret)
    if found is not None:
        return found
    gov = reader(list(paths))
    _write_entry(entry, key, gov, secret)
    return gov
