"""A real spreadsheet opens the CSV cleanly: LibreOffice converts the export (plain and "for
Excel") to .xlsx headless and openpyxl reads the cells back. Runs where `soffice` is installed
(.ci/run installs Debian's libreoffice-calc-nogui); in CI a missing LibreOffice fails."""

import csv
import io
import os
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from kzclaims.exports.csv import HEADER
from tests.exports.conftest import NOTE

pytestmark = pytest.mark.django_db
# The CSV import filter as the import dialog is set for these files: comma, double quote,
# UTF-8 (76), from line 1. LibreOffice run headless otherwise reads the system's 8-bit charset.
CSV_FILTER = "CSV:44,34,76,1"
KAZAKH = "әғқңөұүһі"


@pytest.fixture(scope="module")
def soffice():
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI: LibreOffice (soffice) is missing; .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def to_xlsx(soffice, csv_path, tmp_path):
    profile = tmp_path / "lo-profile"  # a private profile: runs never share LibreOffice's lock
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            f"--infilter={CSV_FILTER}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    workbook = openpyxl.load_workbook(csv_path.with_suffix(".xlsx"))
    return [list(row) for row in workbook.active.iter_rows()]


@pytest.mark.parametrize("query", ["", "?bom=1"], ids=["plain", "for-excel"])
def test_libreoffice_opens_the_csv_one_row_per_claim_text_intact(
    client, viewer, full_claims, site, soffice, tmp_path, query
):
    client.force_login(viewer)
    response = client.get(reverse("exports:csv") + query)
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf") == bool(query)
    path = tmp_path / "claims.csv"
    path.write_bytes(data)
    expected = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))

    cells = to_xlsx(soffice, path, tmp_path)

    # One row per claim, even with a line break and quotes inside a note; the header intact
    # (the byte order mark is not part of the first name).
    assert len(cells) == len(full_claims) + 1 == len(expected)
    assert [cell.value for cell in cells[0]] == list(HEADER)
    for row, texts in zip(cells, expected, strict=True):
        for cell, text in zip(row, texts, strict=True):
            assert cell.data_type != "f", cell.value  # no cell is a formula
            if isinstance(cell.value, str):
                assert not cell.value.startswith("="), cell.value
            # Every cell holds exactly what the CSV says: text as text, numbers as numbers.
            match cell.value:
                case None:
                    assert text == ""
                case bool():
                    raise AssertionError(f"{text!r} became a truth value")
                case int() | float():
                    assert float(text) == cell.value
                case str():
                    assert cell.value == text
                case other:
                    raise AssertionError(f"{text!r} became {other!r}")

    rows = [dict(zip(HEADER, (cell.value for cell in row), strict=True)) for row in cells[1:]]
    verified = next(row for row in rows if row["status"] == "Verified")
    assert verified["note"] == NOTE and KAZAKH in verified["note"] and "ё" in verified["note"]
    assert verified["speaker"] == "Қасым-Жомарт Тоқаев"
    # As the README says: ids and confidence are numbers, times stay ISO 8601 text with offset.
    assert verified["claim_id"] == full_claims[0].pk
    assert verified["confidence"] == 0.9
    assert verified["published"] == "2022-01-10T09:01:00+03:00"
    assert verified["reviewed_at"] == "2022-01-11T08:30:00+00:00"
    disputed = next(row for row in rows if row["status"] == "Disputed")
    assert disputed["content"] == '\'=HYPERLINK("http://evil.example/","click")'
    assert disputed["via"] == "'-2+3"
