"""The load cache cannot run code or lie (issue #14): keyed entries, a private folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from icsgov.cache import cached_read
from icsgov.loaders.governance_yaml import read_yaml
from icsgov.ontology.governance import Governance
from tests.test_cache import CountingReader, data, entries

__all__ = ["data"]  # the fixture, shared with test_cache


class Planted:
    """Unpickling this creates the file ``path``: a stand-in for any code a pickle can run."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, (f"open({str(self.path)!r}, 'w').write('ran')",))


def _forge(entry: Path, payload: bytes) -> None:
    """Replace an entry as an attacker who can write the folder but not read the key.

    The seal is the best an attacker can compute without the secret: a plain
    SHA-256 of the new bytes.
    """
    import hashlib

    entry.write_bytes(payload)
    entry.with_suffix(".mac").write_text(hashlib.sha256(payload).hexdigest())


def test_a_planted_executable_entry_does_nothing_and_is_rebuilt(data: Path, tmp_path: Path) -> None:
    import pickle

    reader, cache = CountingReader(), tmp_path / "cache"
    good = cached_read([data], reader, directory=cache)
    (entry,) = entries(cache)
    marker = tmp_path / "pwned"
    _forge(entry, pickle.dumps(Planted(marker)))
    rebuilt = cached_read([data], reader, directory=cache)
    assert not marker.exists(), "the planted pickle ran"
    assert reader.calls == 2 and rebuilt.entities == good.entities


def test_a_forged_entry_cannot_change_an_answer(data: Path, tmp_path: Path) -> None:
    from icsgov.loaders.compiled import write_compiled

    reader, cache = CountingReader(), tmp_path / "cache"
    good = cached_read([data], reader, directory=cache)
    (entry,) = entries(cache)
    right = next(e for e in good if getattr(e, "value_max", None) is not None)
    lie = right.model_copy(update={"value_max": 999_000_000})
    forged = Governance.from_entities([lie if e is right else e for e in good], good.datasets)
    fake = tmp_path / "forged.sqlite"
    write_compiled(forged, fake)  # a well-formed compiled graph telling a lie
    _forge(entry, fake.read_bytes())
    again = cached_read([data], reader, directory=cache)
    assert reader.calls == 2
    assert again.get(right.id).value_max == right.value_max  # type: ignore[attr-defined]


def test_the_fast_path_does_not_trust_an_entry_changed_since_it_was_sealed(
    data: Path, tmp_path: Path
) -> None:
    """Unchanged inputs skip hashing, but the entry itself must still be as it was sealed."""
    from icsgov.graph.compiled import cached_store
    from icsgov.loaders.compiled import write_compiled

    reader, cache = CountingReader(), tmp_path / "cache"
    good = cached_read([data], reader, directory=cache)
    assert cached_store([data], reader, directory=cache).how == "fast"
    (entry,) = entries(cache)
    right = next(e for e in good if getattr(e, "value_max", None) is not None)
    lie = right.model_copy(update={"value_max": 999_000_000})
    fake = tmp_path / "forged.sqlite"
    write_compiled(
        Governance.from_entities([lie if e is right else e for e in good], good.datasets), fake
    )
    entry.write_bytes(fake.read_bytes())  # the seal is left as it was
    store = cached_store([data], reader, directory=cache)
    assert store.how == "built" and reader.calls == 2
    assert store.get(right.id).value_max == right.value_max  # type: ignore[attr-defined]


def test_the_folder_is_private_and_the_key_is_0600(data: Path, tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0)  # the most permissive umask a careless user could have
    try:
        cache = tmp_path / "cache"
        cached_read([data], read_yaml, directory=cache)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "key").stat().st_mode) == 0o600
    (entry,) = entries(cache)
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) & 0o022 == 0


@pytest.mark.parametrize("what", ["folder", "key", "entry"])
def test_a_cache_others_can_write_is_refused_with_a_message(
    data: Path, tmp_path: Path, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    reader, cache = CountingReader(), tmp_path / "cache"
    first = cached_read([data], reader, directory=cache)
    (entry,) = entries(cache)
    target = {"folder": cache, "key": cache / "key", "entry": entry}[what]
    os.chmod(target, target.stat().st_mode | 0o022)
    capsys.readouterr()
    answer = cached_read([data], reader, directory=cache)
    assert reader.calls == 2, "an entry in a folder others can write was trusted"
    assert answer.entities == first.entities
    if what != "entry":
        err = capsys.readouterr().err
        assert "not using the cache" in err and str(target) in err and "chmod 700" in err


def test_a_symlinked_cache_folder_is_refused(data: Path, tmp_path: Path) -> None:
    reader, real = CountingReader(), tmp_path / "real"
    cached_read([data], reader, directory=real)
    link = tmp_path / "link"
    link.symlink_to(real)
    cached_read([data], reader, directory=link)
    assert reader.calls == 2
