"""CSV of claims, one row per claim, as a generator of text blocks: fed to a
StreamingHttpResponse or written to stdout, it never holds more than one chunk of rows."""

import csv
import io
from datetime import UTC

from kzclaims.exports.common import claim_chunks
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
# What the CSV reads of each claim, in this order.
FIELDS = (
    "id",
    "article__title",
    "article__outlet__name",
    "article__published",
    "speaker__name",
    "speaker_mention",
    "speaker__speaker_type",
    "kind",
    "content",
    "cue",
    "cue_stance",
    "channel",
    "via",
    "status",
    "reviewed_by__username",
    "reviewed_at",
    "note",
)
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = frozenset({"=", "+", "-", "@", "\t", "\r"})

KIND_LABELS = dict(Claim.Kind.choices)
STANCE_LABELS = dict(Claim.Stance.choices)
STATUS_LABELS = dict(Claim.Status.choices)
SPEAKER_TYPE_LABELS = {**dict(Speaker.Type.choices), None: ""}


def neutralise(value: str) -> str:
    """A cell a spreadsheet would execute, prefixed with a single quote so it shows as text."""
    if value[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def figures_text(figures) -> str:
    return "; ".join(f"{text} {subject}".strip() for text, _value, subject in figures)


def _day(published, days={}) -> str:  # noqa: B006 - a deliberate cache: few distinct values
    """The UTC date of an article's publication; rows come sorted, so articles repeat."""
    if published is None:
        return ""
    if (day := days.get(published)) is None:
        if len(days) > 10_000:
            days.clear()
        day = days[published] = published.astimezone(UTC).date().isoformat()
    return day


def csv_row(row: tuple, figures) -> list[str]:
    """The cells of one claim (a tuple of FIELDS), neutralised."""
    (
        _id,
        title,
        outlet,
        published,
        speaker,
        mention,
        speaker_type,
        kind,
        content,
        cue,
        stance,
        channel,
        via,
        status,
        reviewer,
        reviewed_at,
        note,
    ) = row
    # Only the cells that carry text from articles, the extractor or editors can start with a
    # formula; labels, dates and times come from fixed vocabularies and formats.
    return [
        neutralise(title),
        neutralise(outlet),
        _day(published),
        neutralise(speaker or mention),
        SPEAKER_TYPE_LABELS.get(speaker_type, speaker_type),
        KIND_LABELS.get(kind, kind),
        neutralise(content),
        neutralise(cue),
        STANCE_LABELS.get(stance, stance),
        neutralise(channel),
        neutralise(via),
        neutralise(figures_text(figures)) if figures else "",
        STATUS_LABELS.get(status, status),
        neutralise(reviewer or ""),
        reviewed_at.astimezone(UTC).isoformat(timespec="seconds") if reviewed_at else "",
        neutralise(note),
    ]


def csv_lines(claims, *, bom: bool = False):
    """The header, then the claims of `claims` (a queryset, in its order) as CSV, a block of
    rows at a time (one chunk of the database cursor)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield (BOM if bom else "") + buffer.getvalue()
    empty = ()
    for rows, figures in claim_chunks(claims, FIELDS):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_row(row, figures.get(row[0], empty)) for row in rows)
        yield buffer.getvalue()
