"""Limits: a small hostile workbook or RDF file is refused quickly, not parsed for minutes (#14)."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from icsgov.loaders.limits import MAX_ENTRIES, MAX_UNCOMPRESSED
from tests.cli_helpers import run_cli


def _workbook(path: Path) -> None:
    book = Workbook()
    book.active.append(["decision id", "value band", "Board (board @ glos)"])
    book.active.append(["capital", "any value", "D"])
    book.save(path)


def _rewrite(path: Path, change: dict[str, bytes | None], extra: int = 0) -> None:
    """Copy the archive with entries replaced (None removes one) and ``extra`` tiny entries."""
    with zipfile.ZipFile(path) as old:
        items = [(i.filename, old.read(i)) for i in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for name, data in items:
            if name in change:
                replaced = change[name]
                if replaced is None:
                    continue
                data = replaced
            new.writestr(name, data)
        for name, data in change.items():
            if data is not None and name not in dict(items):
                new.writestr(name, data)
        for i in range(extra):
            new.writestr(f"customXml/item{i}.xml", b"")


def _declare_size(path: Path, name: str, size: int) -> None:
    """Set the size an entry declares it expands to, as a zip bomb's directory does.

    Compressing hundreds of MiB at test time would cost seconds; the archive's
    directory is all the check reads, so the test states the size there
    (a reader stops at the declared size, so a smaller declared size is no bypass).
    """
    raw = bytearray(path.read_bytes())
    encoded = name.encode()
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if bytes(raw[at + 46 : at + 46 + length]) == encoded:
            raw[at + 24 : at + 28] = size.to_bytes(4, "little")
        at = raw.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))


def test_a_zip_bombed_workbook_is_refused_before_it_is_expanded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    _workbook(bomb)
    _rewrite(bomb, {"xl/sharedStrings.xml": b"<a>" + b" " * 4 * 1048576 + b"</a>"})
    _declare_size(bomb, "xl/sharedStrings.xml", MAX_UNCOMPRESSED + 1)
    assert bomb.stat().st_size < 64 * 1024  # small on disk
    start = time.monotonic()
    result = run_cli(capsys, "import-matrix", str(bomb))
    assert result.code == 2, result
    assert "the archive would expand to" in result.err and str(bomb) in result.err
    assert time.monotonic() - start < 10


def test_a_workbook_of_too_many_entries_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = tmp_path / "many.xlsx"
    _workbook(many)
    _rewrite(many, {}, extra=MAX_ENTRIES + 1)
    result = run_cli(capsys, "import-matrix", str(many))
    assert result.code == 2 and "entries; the limit is" in result.err


def test_a_workbook_with_no_sheets_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.xlsx"
    _workbook(empty)
    with zipfile.ZipFile(empty) as z:
        book = z.read("xl/workbook.xml").decode()
    _rewrite(empty, {"xl/workbook.xml": re.sub(r"<sheet [^>]*/>", "", book).encode()})
    result = run_cli(capsys, "import-matrix", str(empty))
    assert result.code == 2, result
    assert "Traceback" not in result.err and "the workbook has no sheets" in result.err


def test_a_long_escaped_literal_parses_in_linear_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # rdflib's Turtle parser took 55 s on this 750 KB file (quadratic in the escapes)
    notes = "w\\n" * 256_000
    file = tmp_path / "long.ttl"
    file.write_text(
        "@prefix icsgov: <https://w3id.org/icsgov/ontology#> .\n"
        "<https://w3id.org/icsgov/id/p> a icsgov:Person ; icsgov:name 'Ann' ;\n"
        f'  icsgov:description "{notes}" .\n',
        encoding="utf-8",
    )
    start = time.monotonic()
    result = run_cli(capsys, "import", str(file), "--json")
    assert result.code == 0, result.err
    assert result.json()["counts"] == {"person": 1}
    assert time.monotonic() - start < 10


def test_an_rdf_file_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icsgov.loaders.limits import MAX_RDF_BYTES

    big = tmp_path / "big.ttl"
    with big.open("wb") as out:
        out.truncate(MAX_RDF_BYTES + 1)  # sparse: no disk used, but a read would take 512 MiB
    start = time.monotonic()
    result = run_cli(capsys, "import", str(big))
    assert result.code == 2 and f"{big}: the file is 512.0 MiB; the limit is 512 MiB" in result.err
    assert time.monotonic() - start < 5
