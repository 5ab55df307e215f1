"""CSV of claims, one row per claim, as a generator of text lines: fed to a
StreamingHttpResponse or written to stdout, it never holds more than one chunk of rows."""

import csv
from datetime import UTC

from kzclaims.exports.common import claim_rows
from kzclaims.models import Claim, Speaker

HEADER = (
    "article",
    "outlet",
    "date",
    "speaker",
    "speaker type",
    "kind",
    "content",
    "cue",
    "stance",
    "channel",
    "via",
    "figures",
    "status",
    "last reviewer",
    "review time",
    "note",
)
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

KIND_LABELS = dict(Claim.Kind.choices)
STANCE_LABELS = dict(Claim.Stance.choices)
STATUS_LABELS = dict(Claim.Status.choices)
SPEAKER_TYPE_LABELS = dict(Speaker.Type.choices)


def neutralise(value: str) -> str:
    """A cell a spreadsheet would execute, prefixed with a single quote so it shows as text."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Line:
    """csv.writer writes into this and gets back what it wrote: one line at a time."""

    def write(self, value):
        return value


def figures_text(figures) -> str:
    return "; ".join(f"{text} {subject}".strip() for text, _value, subject in figures)


def csv_row(row: dict, figures) -> list[str]:
    published = row["article__published"]
    reviewed_at = row["reviewed_at"]
    cells = (
        row["article__title"],
        row["article__outlet__name"],
        published.astimezone(UTC).date().isoformat() if published else "",
        row["speaker__name"] or row["speaker_mention"],
        SPEAKER_TYPE_LABELS.get(row["speaker__speaker_type"], ""),
        KIND_LABELS.get(row["kind"], row["kind"]),
        row["content"],
        row["cue"],
        STANCE_LABELS.get(row["cue_stance"], row["cue_stance"]),
        row["channel"],
        row["via"],
        figures_text(figures),
        STATUS_LABELS.get(row["status"], row["status"]),
        row["reviewed_by__username"] or "",
        reviewed_at.astimezone(UTC).isoformat(timespec="seconds") if reviewed_at else "",
        row["note"],
    )
    return [neutralise(cell) for cell in cells]


def csv_lines(claims, *, bom: bool = False):
    """The header, then one CSV line per claim of `claims` (a queryset, in its order)."""
    writer = csv.writer(_Line())
    yield (BOM if bom else "") + writer.writerow(HEADER)
    for row, figures in claim_rows(claims):
        yield writer.writerow(csv_row(row, figures))
