"""SVG from DOT text with Graphviz's ``dot``, run on this machine (nothing is fetched).

The DOT comes from the one writer for each picture (:func:`icsgov.queries.web_export.to_dot`
for a web, :mod:`icsgov.render.diagrams` for a delegation chain or a functions
and decisions map); this module only hands it to ``dot -Tsvg``.

>>> svg = dot_to_svg('digraph { "a" -> "b"; }')
>>> svg.lstrip().startswith("<?xml")
True
"""

from __future__ import annotations

import shutil
import subprocess

from icsgov.errors import IcsgovError

__all__ = ["GraphvizMissing", "dot_to_svg"]

_INSTALL = (
    "install Graphviz: 'sudo apt-get install graphviz' (Debian, Ubuntu), "
    "'brew install graphviz' (macOS) or see https://graphviz.org/download/; "
    "or write DOT with --format dot and convert it elsewhere"
)


class GraphvizMissing(IcsgovError):
    """Graphviz's ``dot`` is not on the PATH."""


def dot_to_svg(dot_text: str, *, timeout: float = 60.0) -> str:
    """Lay out ``dot_text`` with ``dot`` and return the SVG text.

    Raises :class:`GraphvizMissing` (saying how to install it) when ``dot``
    is not installed, and :class:`IcsgovError` with Graphviz's message when
    it rejects the input.
    """
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(f"Graphviz's 'dot' program is needed for SVG; {_INSTALL}.")
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise IcsgovError(
            f"Graphviz took longer than {timeout:.0f}s to lay this out; "
            "ask for a smaller picture (--depth, --kinds) or write --format dot"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise IcsgovError(f"Graphviz could not draw this diagram: {message}")
    return done.stdout.decode("utf-8")
