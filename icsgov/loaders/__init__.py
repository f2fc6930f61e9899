"""Loaders: files people write or download, turned into a ``Governance``.

``load(paths)`` picks the reader by what it is given; with no paths it loads
the bundled example.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from icsgov.ontology.governance import Governance

__all__ = ["bundled_example", "load"]


def bundled_example() -> Path:
    """The folder of the bundled example (shipped inside the package)."""
    return Path(str(resources.files("icsgov") / "examples"))


def load(paths: Iterable[str | Path] | None = None) -> Governance:
    """Load governance data from YAML files or folders; the bundled example when none given.

    A scheme of delegation (``.xlsx``, ``.csv``, ``.docx``, ``.pdf``) given
    directly is read with its mapping file and added on top of the YAML
    (:mod:`icsgov.loaders.scheme_documents`). ``icsgov:reference`` adds the
    shipped national skeleton, ``icsgov:example`` the bundled example, and a
    folder with an ``icsgov-project.toml`` the sources it lists; the skeleton
    and the YAML are joined so each organisation and area exists once
    (:mod:`icsgov.loaders.one_england`).

    Results are cached on disk by the content of the files (:mod:`icsgov.cache`;
    ``ICSGOV_NO_CACHE=1`` bypasses it): a cache hit means the same bytes were
    validated before. Raises :class:`~icsgov.errors.InputError` listing every problem; nothing
    is returned unless everything loaded.

    >>> gov = load()
    >>> len(gov) > 0
    True
    """
    from icsgov.cache import cached_read
    from icsgov.loaders.document_tables import DOCUMENT_SUFFIXES
    from icsgov.loaders.governance_yaml import read_yaml
    from icsgov.loaders.one_england import EXAMPLE, REFERENCE, combine, expand_sources

    chosen = expand_sources(paths or [])
    with_reference = REFERENCE in chosen
    chosen = [str(bundled_example()) if p == EXAMPLE else p for p in chosen if p != REFERENCE]
    documents = [Path(p) for p in chosen if Path(p).suffix.lower() in DOCUMENT_SUFFIXES]
    sources = [p for p in chosen if Path(p).suffix.lower() not in DOCUMENT_SUFFIXES]
    if with_reference:
        from icsgov.loaders.reference import read_reference

        parts = [read_reference()]
        if sources:
            parts.append(cached_read(sources, read_yaml))
        base = combine(parts)
    else:
        base = cached_read(sources or [bundled_example()], read_yaml)
    if not documents:
        return base
    from icsgov.loaders.scheme_documents import add_documents

    return add_documents(base, documents)
