"""An on-disk cache of loaded governance: a compiled graph per set of inputs.

Loading national-scale YAML takes a while (parsing, validation, reference
checks); the answer to a question should not. The first load of some inputs
writes a compiled graph (:mod:`icsgov.loaders.compiled`: a SQLite file of JSON
rows and indexes, never a pickle); later commands open it and read only the
records they need (:func:`cached_file`, which
:func:`icsgov.graph.compiled.load_store` opens as a store), or the whole
description (:func:`cached_read`).

**Keys.** An entry is named by a SHA-256 over the icsgov version,
:data:`FORMAT_VERSION` and, for each input file in sorted order, its path and
the SHA-256 of its bytes; the inputs include icsgov's own model and loader
sources, so an entry written by other code is never read. Hashing a national
data set on every call would cost more than the answer, so a small record per
set of paths remembers, under an HMAC, each input's size, modification time,
inode and change time (``ctime``, which no one can set back) as they were
when last hashed: when all of them are unchanged the content key is taken
from it; when any differs the inputs are hashed again (``touch`` costs one
re-hash, never a wrong answer).
Invalid inputs are never cached: on a miss the loader validates everything
and raises exactly as it would without a cache, so a hit implies the same
bytes validated before.

Entries live in ``ICSGOV_CACHE_DIR`` (default ``~/.cache/icsgov``), created
on demand with mode 0700 and written atomically (a temporary file, then
``os.replace``). ``ICSGOV_NO_CACHE=1`` bypasses the cache.

**Trust.** Reading an entry runs no code (rows are JSON validated into the
models), and an entry is opened only when it is provably the one this user
wrote: an HMAC-SHA256 of its bytes, under a secret key of this user's (32
random bytes in ``key``, created 0600 beside the entries), is checked before
it is first opened and whenever its size, times or inode have changed since.
Someone who can write to the folder but cannot read the key can plant or
edit entries, and each one is then rebuilt, never read. A folder, key or
entry that is not owned by this user, or that others may write (or, for the
key, read), is refused: icsgov says so once on stderr and runs without the
cache.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yaml").write_text("footprints: [{id: e, name: England, level: national}]")
>>> from icsgov.loaders.governance_yaml import read_yaml
>>> gov = cached_read([folder], read_yaml, directory=folder / "cache")
>>> cached_read([folder], read_yaml, directory=folder / "cache").get("e").label
'England'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from icsgov.ontology.governance import Governance

if TYPE_CHECKING:
    from icsgov.loaders.compiled import CompiledFile

__all__ = [
    "FORMAT_VERSION",
    "UnsafeCache",
    "cache_dir",
    "cache_enabled",
    "cache_key",
    "cached_file",
    "cached_read",
]

FORMAT_VERSION = "4"
"""Bump when the loader or the compiled form changes meaning: old entries then miss."""

_MAGIC = b"ICSGOV-CACHE\x03"

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
    return directory / f"{key[:2]}" / f"{key}.sqlite"


def _seal(secret: bytes, key: str, path: Path) -> str:
    """HMAC-SHA256 (hex) of an entry's bytes, bound to its key, under ``secret``."""
    mac = hmac.new(secret, _MAGIC + key.encode("ascii"), hashlib.sha256)
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            mac.update(chunk)
    return mac.hexdigest()


def _sign(secret: bytes, record: dict[str, object]) -> str:
    text = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return hmac.new(secret, _MAGIC + text.encode(), hashlib.sha256).hexdigest()


Stamp = list[object]


def _stamp(info: os.stat_result) -> Stamp:
    """What changes whenever a file's bytes may have: size, times (ctime too) and inode."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _code_files() -> list[Path]:
    """The model and loader sources: what a cached description means depends on them too.

    They join every key (stamped like the inputs, so unchanged code costs a
    ``stat`` each), so an entry written by other code is never read as if
    this code had written it, even when the version number did not change.
    """
    package = Path(__file__).resolve().parent
    found = [package / "cache.py"]
    for folder in ("ontology", "loaders"):
        found += sorted((package / folder).rglob("*.py"))
    return found


def _inputs_stamp(files: Sequence[Path]) -> list[Stamp]:
    return [[str(f), *_stamp(f.stat())] for f in sorted(files, key=str)]


def _paths_record(directory: Path, files: Sequence[Path]) -> Path:
    """Where the record of these inputs' last known stamps and key lives."""
    names = hashlib.sha256(f"icsgov {_version()} format {FORMAT_VERSION}\n".encode())
    for file in sorted(files, key=str):
        names.update(str(file).encode("utf-8", "surrogateescape") + b"\0")
    return directory / "inputs" / f"{names.hexdigest()}.json"


def _read_json(path: Path) -> dict[str, object] | None:
    try:
        info = _check_owned(path, private=False, kind="cache record")
        if not stat.S_ISREG(info.st_mode) or info.st_size > 1 << 24:
            return None
        found = json.loads(path.read_bytes())
    except (OSError, UnsafeCache, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _write_atomic(path: Path, data: bytes) -> None:
    _safe_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fast_key(record_path: Path, inputs: list[Stamp], secret: bytes) -> tuple[str, Path] | None:
    """The content key remembered for inputs whose stamps are all unchanged, with its entry.

    Only when the record's HMAC checks out and the entry too is exactly as
    it was when its own HMAC was last checked; otherwise ``None`` (hash).
    """
    record = _read_json(record_path)
    if record is None or record.get("inputs") != inputs:
        return None
    mac = record.pop("mac", None)
    if not isinstance(mac, str) or not hmac.compare_digest(_sign(secret, record), mac):
        return None
    key = record.get("key")
    if not isinstance(key, str) or len(key) != 64:
        return None
    entry = _entry(record_path.parent.parent, key)
    try:
        info = _check_owned(entry, private=False, kind="cache entry")
    except (OSError, UnsafeCache):
        return None
    if not stat.S_ISREG(info.st_mode) or record.get("entry") != _stamp(info):
        return None
    return key, entry


def _remember(record_path: Path, inputs: list[Stamp], key: str, entry: Path, secret: bytes) -> None:
    """Note these stamps, the key they hash to and the checked entry's stamp (best effort)."""
    try:
        record: dict[str, object] = {
            "inputs": inputs,
            "key": key,
            "entry": _stamp(entry.stat()),
        }
        record["mac"] = _sign(secret, record)
        _write_atomic(record_path, json.dumps(record).encode())
    except (OSError, UnsafeCache):
        return


def _checked_entry(entry: Path, key: str, secret: bytes) -> bool:
    """True when the entry is this user's, whole, and sealed under ``secret`` for ``key``."""
    try:
        info = _check_owned(entry, private=False, kind="cache entry")
        if not stat.S_ISREG(info.st_mode):
            return False
        seal = entry.with_suffix(".mac")
        seal_info = _check_owned(seal, private=False, kind="cache entry")
        if not stat.S_ISREG(seal_info.st_mode) or seal_info.st_size != 64:
            return False
        return hmac.compare_digest(_seal(secret, key, entry), seal.read_text("ascii"))
    except (OSError, UnsafeCache, UnicodeDecodeError):
        return False


def _write_entry(entry: Path, key: str, gov: Governance, secret: bytes) -> bool:
    """Compile ``gov`` to ``entry`` and seal it, atomically; False when it cannot be written."""
    from icsgov.loaders.compiled import write_compiled

    try:
        _safe_folder(entry.parent)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".sqlite")
        os.close(fd)
        os.unlink(tmp)  # SQLite creates it afresh
        try:
            write_compiled(gov, Path(tmp))
            os.chmod(tmp, 0o600)
            _write_atomic(entry.with_suffix(".mac"), _seal(secret, key, Path(tmp)).encode())
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, UnsafeCache, ValueError):
        return False
    return True


_warned: set[str] = set()


def _warn(reason: str) -> None:
    if reason not in _warned:
        _warned.add(reason)
        print(
            f"icsgov: not using the cache: {reason}. Fix: remove the folder or give it to "
            "yourself alone (chmod 700), or set ICSGOV_CACHE_DIR to a private folder.",
            file=sys.stderr,
        )


How = Literal["fast", "hashed", "built"]
"""How an entry was found: its inputs unchanged (no hashing), hashed and found, or built."""


def cached_read(
    paths: Sequence[PathLike],
    reader: Reader,
    *,
    directory: Path | None = None,
    enabled: bool | None = None,
    extra: Sequence[Path] = (),
) -> Governance:
    """``reader(paths)``, or the same description read whole from an earlier call's entry.

    Paths that do not exist, or folders without YAML, go straight to
    ``reader`` so that its error is the one the user sees. An unsafe cache
    folder (see the module's docstring) is reported once and not used.
    ``extra`` names further files the reader depends on (they join the key).
    """
    found = _cached(paths, reader, directory=directory, enabled=enabled, extra=extra)
    if isinstance(found, Governance):
        return found
    try:
        return found.governance.materialised()
    finally:
        found.close()


def cached_file(
    paths: Sequence[PathLike],
    reader: Reader,
    *,
    directory: Path | None = None,
    enabled: bool | None = None,
    extra: Sequence[Path] = (),
) -> Governance | CompiledFile:
    """The compiled graph of ``reader(paths)`` opened as it is, or what ``reader`` returned.

    The same rules as :func:`cached_read`; without a usable cache (disabled,
    unsafe, unwritable, or inputs the reader must report on) the reader's own
    ``Governance``. The file's ``how`` says how its entry was found (:data:`How`).
    """
    return _cached(paths, reader, directory=directory, enabled=enabled, extra=extra)


def _cached(
    paths: Sequence[PathLike],
    reader: Reader,
    *,
    directory: Path | None,
    enabled: bool | None,
    extra: Sequence[Path],
) -> Governance | CompiledFile:
    from icsgov.loaders.compiled import CompiledFile, CompiledFormatError
    from icsgov.loaders.governance_yaml import MAX_FILE_BYTES, yaml_files

    if not (cache_enabled() if enabled is None else enabled):
        return reader(list(paths))
    files, problems = yaml_files(paths)
    if problems:
        return reader(list(paths))
    given = files
    files = [*files, *extra, *_code_files()]
    try:
        if any(f.stat().st_size > MAX_FILE_BYTES for f in given):
            return reader(list(paths))  # refused by size before anything is hashed
        inputs = _inputs_stamp(files)
    except OSError:
        return reader(list(paths))
    folder = directory or cache_dir()
    try:
        _safe_folder(folder)
        secret = _secret(folder)
    except (OSError, UnsafeCache) as exc:
        _warn(str(exc))
        return reader(list(paths))
    record = _paths_record(folder, files)
    how: How = "fast"
    fast = _fast_key(record, inputs, secret)
    if fast is None:
        how = "hashed"
        try:
            key = cache_key(files)
        except OSError:
            return reader(list(paths))
        entry = _entry(folder, key)
        if not _checked_entry(entry, key, secret):
            how = "built"
            gov = reader(list(paths))
            if not _write_entry(entry, key, gov, secret):
                return gov
        _remember(record, inputs, key, entry, secret)
    else:
        key, entry = fast
    try:
        store = CompiledFile(entry)
    except CompiledFormatError:  # sealed by this user yet unreadable: build it again
        gov = reader(list(paths))
        entry.unlink(missing_ok=True)
        if not _write_entry(entry, key, gov, secret):
            return gov
        _remember(record, inputs, key, entry, secret)
        store, how = CompiledFile(entry), "built"
    store.how = how
    return store
