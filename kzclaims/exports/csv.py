"""CSV of claims, one row per claim, the columns of exports.fields in order, as a generator of
text blocks: fed to a StreamingHttpResponse or written to stdout, it never holds more than one
chunk of rows."""

import csv
import io
import json

from kzclaims.exports.common import claim_chunks
from kzclaims.exports.fields import FIELDS, NAMES, Export, columns, row_function, selected

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


def text(value) -> str:
    """The general rendering of a JSON value as a cell; every text is neutralised."""
    if isinstance(value, str):
        return neutralise(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        try:
            return neutralise("; ".join(value))
        except TypeError:  # not all strings
            return neutralise("; ".join(_plain(item) for item in value))
    return neutralise(json.dumps(value, ensure_ascii=False))


def _plain(item) -> str:
    if isinstance(item, str):
        return item
    return json.dumps(item, ensure_ascii=False)


def _cell(field, value: str, namespace: dict) -> str:
    """The expression of a field's cell, given the expression of its value (see
    fields.row_function): choices as labels, a field's own rendering, or text() — with the
    common case, a string, neutralised in line."""
    if field.labels is not None:
        namespace[f"labels_{field.name}"] = {**dict(field.labels.choices), None: "", "": ""}
        return f"(labels_{field.name}.get({value}) or text({value}))"
    if field.text is not None:
        namespace[f"text_{field.name}"] = field.text
        return f"(neutralise(text_{field.name}({value})) if {value} else '')"
    return (
        f'(("\'" + {value} if {value}[:1] in TRIGGERS else {value})'
        f" if {value}.__class__ is str else '' if {value} is None"
        f" else str({value}) if {value}.__class__ in NUMBERS else text({value}))"
    )


def cell_function(export: Export, fields=FIELDS):
    """`(row, figures) -> [cell, ...]`: the CSV cells of one claim, compiled once per export."""
    namespace = {
        "neutralise": neutralise,
        "text": text,
        "TRIGGERS": FORMULA_TRIGGERS,
        "NUMBERS": frozenset({int, float}),  # the classes themselves: True stays "true"
    }
    return row_function(export, fields, wrap=_cell, namespace=namespace)


def csv_lines(claims, *, bom: bool = False, export: Export | None = None):
    """The header, then the claims of `claims` (a queryset, in its order) as CSV, a block of
    rows at a time (one chunk of the database cursor)."""
    export = export or Export()
    cells = cell_function(export)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield (BOM if bom else "") + buffer.getvalue()
    no_figures = ()
    for chunk, figures in claim_chunks(selected(claims), COLUMNS, hidden=export.hidden_reviews):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([cells(row, figures.get(row[0], no_figures)) for row in chunk])
        yield buffer.getvalue()
