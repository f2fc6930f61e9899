"""The load cache: hits on the same bytes, misses on any change, never trusts a damaged entry.

An entry is a compiled graph (a SQLite file, :mod:`icsgov.graph.compiled`) sealed by an
HMAC; a record of the inputs' sizes, times and inodes spares re-hashing unchanged inputs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icsgov.cache import cache_key, cached_read
from icsgov.errors import InputError
from icsgov.graph.compiled import cached_store
from icsgov.loaders import bundled_example, load
from icsgov.loaders.governance_yaml import read_yaml
from icsgov.ontology.governance import Governance


class CountingReader:
    """The real YAML reader, counting how often the cache had to call it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, paths: list[str | Path]) -> Governance:
        self.calls += 1
        return read_yaml(paths)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(bundled_example(), folder)
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.sqlite"))


def test_second_read_of_the_same_bytes_is_a_hit(data: Path, tmp_path: Path) -> None:
    reader, cache = CountingReader(), tmp_path / "cache"
    first = cached_read([data], reader, directory=cache)
    second = cached_read([data], reader, directory=cache)
    assert reader.calls == 1
    assert second.entities == first.entities and second.datasets == first.datasets
    assert len(entries(cache)) == 1


def test_changing_one_byte_of_an_input_rebuilds(data: Path, tmp_path: Path) -> None:
    reader, cache = CountingReader(), tmp_path / "cache"
    cached_read([data], reader, directory=cache)
    file = data / "glos.yaml"
    file.write_text(file.read_text().replace("Forest of Dean", "Forest of Deen", 1))
    changed = cached_read([data], reader, directory=cache)
    assert reader.calls == 2
    assert "Forest of Deen" in {getattr(e, "name", None) for e in changed}


def test_same_mtime_different_content_still_misses(data: Path) -> None:
    file = data / "glos.yaml"
    before = cache_key([file])
    stat = file.stat()
    file.write_text(file.read_text() + "\n# a comment\n")
    import os

    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache_key([file]) != before


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign"])
def test_a_damaged_entry_is_ignored_and_rebuilt(data: Path, tmp_path: Path, damage: str) -> None:
    reader, cache = CountingReader(), tmp_path / "cache"
    good = cached_read([data], reader, directory=cache)
    (entry,) = entries(cache)
    raw = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "flip":
        middle = len(raw) // 2
        entry.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        entry.write_bytes(b"not a cache entry at all" * 10)
    rebuilt = cached_read([data], reader, directory=cache)
    assert reader.calls == 2
    assert rebuilt.entities == good.entities
    # the rebuilt entry is whole again: the next read is a hit
    cached_read([data], reader, directory=cache)
    assert reader.calls == 2


def test_an_entry_under_another_key_is_never_used(data: Path, tmp_path: Path) -> None:
    reader, cache = CountingReader(), tmp_path / "cache"
    cached_read([data], reader, directory=cache)
    (entry,) = entries(cache)
    other = data / "glos.yaml"
    other.write_text(other.read_text() + "\n")
    new_key = cache_key(sorted(p for p in data.rglob("*.yaml")))
    planted = entry.parent.parent / new_key[:2] / f"{new_key}.sqlite"
    planted.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(entry, planted)  # the old governance, filed under the new key...
    shutil.copy(entry.with_suffix(".mac"), planted.with_suffix(".mac"))  # ...with its seal
    cached_read([data], reader, directory=cache)
    assert reader.calls == 2


def test_invalid_input_is_reported_as_before_and_never_cached(data: Path, tmp_path: Path) -> None:
    bad = data / "glos.yaml"
    bad.write_text(bad.read_text().replace("level: system", "level: sistem", 1))
    with pytest.raises(InputError) as direct:
        read_yaml([data])
    for _ in range(2):
        with pytest.raises(InputError) as cached:
            cached_read([data], read_yaml, directory=tmp_path / "cache")
        assert str(cached.value) == str(direct.value)
    assert entries(tmp_path / "cache") == []


def test_missing_paths_report_the_loader_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        cached_read([tmp_path / "nowhere"], read_yaml, directory=tmp_path / "cache")


def test_load_uses_the_cache_dir_and_no_cache_bypasses_it(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "env-cache"
    monkeypatch.setenv("ICSGOV_CACHE_DIR", str(cache))
    monkeypatch.setenv("ICSGOV_NO_CACHE", "1")
    load([data])
    assert not cache.exists()
    monkeypatch.delenv("ICSGOV_NO_CACHE")
    first = load([data])
    assert len(entries(cache)) == 1
    assert load([data]).entities == first.entities


def test_unchanged_inputs_are_not_hashed_again_and_a_touch_costs_one_hash(
    data: Path, tmp_path: Path
) -> None:
    import os

    reader, cache = CountingReader(), tmp_path / "cache"
    assert cached_store([data], reader, directory=cache).how == "built"
    assert cached_store([data], reader, directory=cache).how == "fast"
    file = data / "glos.yaml"
    os.utime(file)  # new times, the same bytes: hashed once, the entry still serves
    assert cached_store([data], reader, directory=cache).how == "hashed"
    assert cached_store([data], reader, directory=cache).how == "fast"
    assert reader.calls == 1


def test_same_size_and_mtime_with_other_bytes_is_rebuilt(data: Path, tmp_path: Path) -> None:
    import os

    reader, cache = CountingReader(), tmp_path / "cache"
    cached_read([data], reader, directory=cache)
    file = data / "glos.yaml"
    info = file.stat()
    text = file.read_text()
    file.write_text(text.replace("Forest of Dean", "Forest of Deen", 1))
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime, same inode
    assert file.stat().st_size == info.st_size and file.stat().st_ino == info.st_ino
    changed = cached_store([data], reader, directory=cache)
    assert changed.how == "built" and reader.calls == 2
    assert "Forest of Deen" in {getattr(e, "name", None) for e in changed.governance}


def test_the_compiled_store_answers_like_the_memory_store(data: Path, tmp_path: Path) -> None:
    from icsgov.graph.compiled import CompiledStore
    from icsgov.graph.memory import MemoryStore
    from icsgov.ontology.model import ENTITY_CLASSES

    cache = tmp_path / "cache"
    cached_read([data], read_yaml, directory=cache)
    compiled = cached_store([data], read_yaml, directory=cache)
    assert isinstance(compiled, CompiledStore)
    memory = MemoryStore(read_yaml([data]))
    assert compiled.governance == memory.governance
    assert dict(compiled.governance.locations) == memory.governance.locations
    assert compiled.governance.counts() == memory.governance.counts()
    assert compiled.names() == memory.names()
    for kind in ENTITY_CLASSES:
        assert compiled.entities(kind) == memory.entities(kind)
        assert compiled.governance.of_type(kind) == memory.governance.of_type(kind)
    for name in ["glos", "GLOUCESTERSHIRE", "nowhere"]:
        assert compiled.find(name) == memory.find(name)
