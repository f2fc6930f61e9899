"""Loaders: files people write or download, turned into a ``Governance``.

``load(paths)`` picks the reader by what it is given; with no paths it loads
the bundled example. A scheme of delegation given as data is read a floor up,
because its names are matched against the data loaded so far the way ``sod
import`` matches them (:func:`icsgov.queries.scheme_documents.load`, which is
``icsgov.load``); here it is refused with that hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from icsgov.errors import InputError, Problem
from icsgov.ontology.governance import Governance

__all__ = ["LoadPlan", "bundled_example", "load"]


def bundled_example() -> Path:
    """The folder of the bundled example (shipped inside the package)."""
    return Path(str(resources.files("icsgov") / "examples"))


def load(paths: Iterable[str | Path] | None = None) -> Governance:
    """Load governance data from YAML files or folders; the bundled example when none given.

    A scheme of delegation (``.xlsx``, ``.csv``, ``.docx``, ``.pdf``) given
    directly is refused here with a hint: ``icsgov.load`` (and every command's
    ``--data``) reads it with its mapping file on top of the YAML
    (:mod:`icsgov.queries.scheme_documents`). ``icsgov:reference`` adds the
    shipped national skeleton with the national baseline (:mod:`icsgov.national`;
    ``icsgov:skeleton`` is the skeleton alone, ``icsgov:national`` the baseline
    alone), ``icsgov:example`` the bundled example, and a
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
    plan = LoadPlan(paths)
    plan.refuse_documents()
    return plan.base()


class LoadPlan:
    """What ``--data`` names: YAML sources, the skeleton or not, and scheme documents.

    ``read(sources)`` is what the cache keys by ``sources`` and ``extra`` (the
    skeleton's files); the documents are added after, uncached, by
    :func:`icsgov.queries.scheme_documents.load`.
    """

    def __init__(self, paths: Iterable[str | Path] | None) -> None:
        from icsgov.loaders.document_tables import DOCUMENT_SUFFIXES
        from icsgov.loaders.one_england import (
            EXAMPLE,
            NATIONAL,
            REFERENCE,
            SKELETON,
            expand_sources,
        )

        chosen = expand_sources(paths or [])
        self.with_skeleton = REFERENCE in chosen or SKELETON in chosen
        self.with_national = REFERENCE in chosen or NATIONAL in chosen
        tokens = {REFERENCE, SKELETON, NATIONAL}
        chosen = [str(bundled_example()) if p == EXAMPLE else p for p in chosen if p not in tokens]
        self.documents = [Path(p) for p in chosen if Path(p).suffix.lower() in DOCUMENT_SUFFIXES]
        listed = [p for p in chosen if Path(p).suffix.lower() not in DOCUMENT_SUFFIXES]
        self.sources: list[str | Path] = list(listed) or (
            [] if self.with_reference else [bundled_example()]
        )
        self.extra: list[Path] = [
            *(_reference_files() if self.with_skeleton else []),
            *(_national_files() if self.with_national else []),
        ]

    @property
    def with_reference(self) -> bool:
        """Whether any of the national data (skeleton or baseline) is asked for."""
        return self.with_skeleton or self.with_national

    def read(self, sources: list[str | Path]) -> Governance:
        """The YAML sources, joined with the skeleton and the national baseline when asked for.

        The national rules are expanded last, over everything loaded
        (:mod:`icsgov.national`), so "every ICB" means every ICB in the data.
        """
        from icsgov.loaders.governance_yaml import read_yaml

        if not self.with_reference:
            return read_yaml(sources)
        from icsgov.loaders.one_england import combine

        parts = []
        if self.with_skeleton:
            from icsgov.loaders.reference import STEPS, read_reference
            from icsgov.progress import tick

            steps = iter(range(1, len(STEPS) + 1))
            parts.append(
                read_reference(
                    progress=lambda _step: tick(
                        "Reading the national skeleton", next(steps), len(STEPS)
                    )
                )
            )
        if self.with_national:
            from icsgov.national import read_baseline

            parts.append(read_baseline())
        if sources:
            parts.append(read_yaml(sources))
        gov = combine(parts)
        if self.with_national:
            from icsgov.national import with_baseline

            gov = with_baseline(gov)
        return gov

    def base(self) -> Governance:
        """Everything but the documents: the YAML, skeleton and baseline, from the cache."""
        from icsgov.cache import cached_read

        return cached_read(self.sources, self.read, extra=self.extra)

    def refuse_documents(self) -> None:
        """``InputError`` naming each scheme document, for a reader that cannot add them."""
        if self.documents:
            raise InputError(
                [
                    Problem(
                        str(document),
                        0,
                        0,
                        "a scheme of delegation is read against the data loaded with it, "
                        "which this reader cannot do",
                        hint="use icsgov.load (as every command's --data does): "
                        "icsgov.queries.scheme_documents.load",
                    )
                    for document in self.documents
                ]
            )


def _national_files() -> list[Path]:
    """The national baseline's files (they join the cache key)."""
    from icsgov.national import baseline_path

    folder = baseline_path().parent
    return sorted(folder.glob("*.yaml"))


def _reference_files() -> list[Path]:
    """The files the skeleton is read from (they join the cache key)."""
    from icsgov.loaders.reference_files import reference_dir

    folder = reference_dir()
    try:
        return sorted(p for p in folder.iterdir() if p.is_file())
    except OSError:
        return []
