"""The agreement report as CSV (one figure a row, then the confusion tables, every text cell
formula-safe through kzclaims.exports.csv.text) and as JSON (the same figures, nested)."""

import csv
import io
import json

from kzclaims.exports.csv import text

from .report import TAG_LABELS, GroupFigures, Report
from .selectors import TAGS
from .statistics import Figure

CSV_HEADER = [
    "section",
    "group",
    "editor_a",
    "editor_b",
    "measure",
    "status_a",
    "status_b",
    "value",
    "n",
    "unit",
    "undefined",
]


def _figure_row(section, group, a, b, measure, figure: Figure):
    return [
        section,
        group,
        a,
        b,
        measure,
        "",
        "",
        figure.value,
        figure.n,
        figure.unit,
        figure.reason,
    ]


def _group_rows(section: str, group: GroupFigures):
    yield [
        section,
        group.label,
        "",
        "",
        "double_reviewed_claims",
        "",
        "",
        group.claims,
        group.claims,
        "claims",
        "",
    ]
    yield _figure_row(section, group.label, "", "", "percent_agreement", group.agreement)
    yield _figure_row(section, group.label, "", "", "krippendorff_alpha", group.alpha)
    for pair in group.pairs:
        a, b = pair.editor_a, pair.editor_b
        yield _figure_row(section, group.label, a, b, "percent_agreement", pair.agreement)
        yield _figure_row(section, group.label, a, b, "cohens_kappa", pair.kappa)


def csv_rows(report: Report):
    yield from _group_rows("overall", report.overall)
    for group in report.by_outlet:
        yield from _group_rows("outlet", group)
    for group in report.by_kind:
        yield from _group_rows("kind", group)
    for pair in report.overall.pairs:
        for i, row in enumerate(pair.confusion):
            for j, count in enumerate(row):
                yield [
                    "confusion",
                    report.overall.label,
                    pair.editor_a,
                    pair.editor_b,
                    "claims",
                    str(TAGS[i]),
                    str(TAGS[j]),
                    count,
                    count,
                    "claims",
                    "",
                ]


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows([text(cell) for cell in row] for row in csv_rows(report))
    return buffer.getvalue()


def _group_json(group: GroupFigures, *, confusion: bool) -> dict:
    return {
        "label": group.label,
        "double_reviewed_claims": group.claims,
        "percent_agreement": group.agreement.as_dict(),
        "krippendorff_alpha": group.alpha.as_dict(),
        "pairs": [
            {
                "editor_a": pair.editor_a,
                "editor_b": pair.editor_b,
                "percent_agreement": pair.agreement.as_dict(),
                "cohens_kappa": pair.kappa.as_dict(),
                **(
                    {
                        "confusion": {
                            "rows_editor_a": [str(t) for t in TAGS],
                            "columns_editor_b": [str(t) for t in TAGS],
                            "counts": pair.confusion,
                        }
                    }
                    if confusion
                    else {}
                ),
            }
            for pair in group.pairs
        ],
    }


def to_json(report: Report) -> str:
    data = {
        "statuses": dict(zip([str(t) for t in TAGS], TAG_LABELS, strict=True)),
        "tags": "each editor's original tag (their first) on each claim of a double-blind "
        "assignment",
        "overall": _group_json(report.overall, confusion=True),
        "by_outlet": [_group_json(g, confusion=False) for g in report.by_outlet],
        "by_kind": [_group_json(g, confusion=False) for g in report.by_kind],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
