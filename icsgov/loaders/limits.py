"""Size limits checked before a file is parsed: a small hostile file cannot take minutes or GiB.

A workbook (.xlsx) or Word document (.docx) is a zip archive: 500 KB on disk can
expand to gigabytes (a "zip bomb"). :func:`check_archive` reads only the
archive's directory and refuses one whose entries would expand past
:data:`MAX_UNCOMPRESSED` or that holds more than :data:`MAX_ENTRIES` entries.
:func:`check_size` refuses a file larger than a limit before a byte of it is
read or hashed.

>>> import tempfile, zipfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "bomb.xlsx"
>>> with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("xl/worksheets/sheet1.xml", b"0" * 3 * 1048576)
>>> try:
...     check_archive(path, max_uncompressed=1048576)
... except InputError as exc:
...     print(exc.problems[0].message)
the archive would expand to 3.0 MiB; the limit is 1 MiB
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from icsgov.errors import InputError, Problem

__all__ = ["MAX_ENTRIES", "MAX_RDF_BYTES", "MAX_UNCOMPRESSED", "check_archive", "check_size"]

MAX_UNCOMPRESSED = 256 * 1024 * 1024
"""Most bytes a workbook or document may expand to (a national scheme is a few MiB)."""

MAX_ENTRIES = 2_000
"""Most entries (files) in a workbook or document archive (a few per sheet is normal)."""

MAX_RDF_BYTES = 512 * 1024 * 1024
"""Largest RDF file ``icsgov import`` reads (a national export is about a fifth of this)."""


def check_size(path: Path, limit: int, hint: str) -> None:
    """Raise :class:`InputError` if ``path`` is larger than ``limit`` bytes (read nothing)."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words
    if size > limit:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    f"the file is {size / 1048576:.1f} MiB; the limit is {limit // 1048576} MiB",
                    hint=hint,
                )
            ]
        )


def check_archive(
    path: Path, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_entries: int = MAX_ENTRIES
) -> None:
    """Raise :class:`InputError` for a zip archive that would expand too far or holds too much."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip: the workbook reader says so in its own words
    expanded = sum(e.file_size for e in entries)
    problem = ""
    if len(entries) > max_entries:
        problem = f"the archive holds {len(entries):,} entries; the limit is {max_entries:,}"
    elif expanded > max_uncompressed:
        problem = (
            f"the archive would expand to {expanded / 1048576:.1f} MiB; "
            f"the limit is {max_uncompressed // 1048576} MiB"
        )
    if problem:
        raise InputError(
            [Problem(str(path), 0, 0, problem, hint="this is not a normal workbook or document")]
        )
