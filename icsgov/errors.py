"""The errors icsgov raises, one base class and a few meaningful children.

Every message says what is wrong, where, and how to fix it, because the
people who read them are governance leads editing YAML by hand, not
programmers reading tracebacks::

    IcsgovError
     +-- InputError        bad input: carries every Problem found, not just the first
     +-- NotFound          an id or name that resolves to nothing; carries suggestions
     +-- Ambiguous         a name that resolves to several things; carries the candidates
     +-- StoreError        a store that was named but cannot run or answer
     +-- QueryError        a question that cannot be asked as put
     +-- OutputError       a file that cannot be written (path and reason)

Each class carries what it means outside Python, written once here: the
command line exits with ``exit_code`` (2: the user can fix it) and prints the
message on stderr, never a traceback; ``icsgov serve`` answers with
``http_status`` and ``http_title``, offering ``alternatives`` (the
suggestions of a ``NotFound``, the candidates of an ``Ambiguous``).

>>> error = NotFound("footprint", "Glsoter", ["glos"])
>>> error.exit_code, error.http_status, error.http_title, error.alternatives
(2, 404, 'Not found', ['glos'])
>>> QueryError("bad date").http_status
400
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "Ambiguous",
    "IcsgovError",
    "InputError",
    "NotFound",
    "OutputError",
    "Problem",
    "QueryError",
    "StoreError",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, and where it is.

    ``file`` is the path as the user gave it; ``line`` and ``column`` count
    from 1 (0 when the problem has no position, such as an empty file).
    ``path`` is the offending place inside the document, e.g.
    ``decision_rights[3].holder``. ``hint`` says how to fix it.

    >>> str(Problem("a.yaml", 3, 5, "unknown key 'nmae'", "footprints[0]", "did you mean 'name'?"))
    "a.yaml:3:5: footprints[0]: unknown key 'nmae'; did you mean 'name'?"
    """

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        text = f"{where}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f"; {self.hint}"
        return text


class IcsgovError(Exception):
    """Base of every error icsgov raises on purpose."""

    exit_code = 2
    """The command line's exit status: 2, a mistake the user can put right."""
    http_status = 400
    """The status ``icsgov serve`` answers with."""
    http_title = "Bad request"
    """The title of ``icsgov serve``'s error page."""

    @property
    def alternatives(self) -> list[str]:
        """What the user may have meant (none unless the error knows)."""
        return []


class InputError(IcsgovError):
    """The input is wrong; ``problems`` lists every problem found, sorted by place."""

    def __init__(self, problems: Iterable[Problem], summary: str = "") -> None:
        self.problems: list[Problem] = sorted(set(problems))
        count = len(self.problems)
        head = summary or f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded"
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in self.problems))
        self.summary = head


class NotFound(IcsgovError):
    """Nothing matches ``query``; ``suggestions`` are the closest names that exist."""

    http_status = 404
    http_title = "Not found"

    def __init__(self, what: str, query: str, suggestions: Sequence[str] = ()) -> None:
        self.what = what
        self.query = query
        self.suggestions = list(suggestions)
        message = f"No {what} matches '{query}'."
        if self.suggestions:
            message += " Did you mean: " + ", ".join(f"'{s}'" for s in self.suggestions) + "?"
        else:
            message += f" Check the spelling, or {_lister(what)}."
        super().__init__(message)

    @property
    def alternatives(self) -> list[str]:
        """The closest names that exist."""
        return self.suggestions


def _lister(what: str) -> str:
    """Where the names of ``what`` are listed (not counted): the command to run.

    >>> _lister("decision type")
    "list the ids and names with 'icsgov sod names --system SYSTEM'"
    """
    if any(word in what for word in ("decision", "organisation", "body", "post", "entity")):
        return "list the ids and names with 'icsgov sod names --system SYSTEM'"
    return "look the place up with 'icsgov where NAME'"


class Ambiguous(IcsgovError):
    """``query`` matches several things equally well; the caller must choose."""

    http_title = "Ambiguous"

    def __init__(self, what: str, query: str, candidates: Sequence[str]) -> None:
        self.what = what
        self.query = query
        self.candidates = list(candidates)
        super().__init__(
            f"'{query}' matches more than one {what}: "
            + ", ".join(f"'{c}'" for c in self.candidates)
            + ". Give the id or code instead."
        )

    @property
    def alternatives(self) -> list[str]:
        """The things the name matches."""
        return self.candidates


class StoreError(IcsgovError):
    """A store that was asked for cannot be opened or cannot answer."""


class QueryError(IcsgovError):
    """A question that cannot be answered as asked (bad option, bad date...)."""


class OutputError(IcsgovError):
    """A file icsgov was asked to write cannot be written; says which and why."""
