"""CSV of claims, one row per claim, the columns of exports.fields in order, as a generator of
text blocks: fed to a StreamingHttpResponse or written to stdout, it never holds more than one
chunk of rows."""

import csv
import io
import json
from itertools import batched

from kzclaims.exports.common import CHUNK_SIZE
from kzclaims.exports.fields import FIELDS, NAMES, Export, columns, rows

HEADER = NAMES
# What the CSV reads of each claim (the benchmark's bare-cursor baseline selects the same).
COLUMNS = columns(FIELDS)
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def neutralise(value: str) -> str:
    """A cell a spreadsheet would execute, prefixed with a single quote so it shows as text."""
    if value[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def _text(value) -> str:
    """The general rendering of a JSON value as a cell; every text is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return neutralise("; ".join(_plain(item) for item in value))
    if isinstance(value, str):
        return neutralise(value)
    return neutralise(json.dumps(value, ensure_ascii=False))


def _plain(item) -> str:
    if isinstance(item, str):
        return item
    return json.dumps(item, ensure_ascii=False)


def _cell_functions(fields):
    made = []
    for field in fields:
        if field.labels is not None:
            labels = {**dict(field.labels.choices), None: "", "": ""}
            made.append(lambda value, labels=labels: labels.get(value) or _text(value))
        elif field.text is not None:
            made.append(lambda value, text=field.text: neutralise(text(value)) if value else "")
        else:
            made.append(_text)
    return made


def csv_lines(claims, *, bom: bool = False, export: Export | None = None):
    """The header, then the claims of `claims` (a queryset, in its order) as CSV, a block of
    rows at a time (one chunk of the database cursor)."""
    export = export or Export()
    cells = _cell_functions(FIELDS)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield (BOM if bom else "") + buffer.getvalue()
    for block in batched(rows(claims, export), CHUNK_SIZE):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [cell(value) for cell, value in zip(cells, values, strict=True)] for values in block
        )
        yield buffer.getvalue()
