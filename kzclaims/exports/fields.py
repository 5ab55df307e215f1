"""The one list of what a claim export says. Each field is a JSON Lines key and a CSV column of
the same name, in this order, read from the claim query once: CSV and JSON Lines carry the same
facts. JSON keeps codes ("indirect"), numbers, lists and null; the CSV shows the labels of
choices ("Reported speech"), joins lists with "; ", writes null as an empty cell and neutralises
formulas. A new fact is one line here (and one in the JSON Schema, schemas/claims.schema.json);
README.md lists the fields."""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse

from kzclaims.exports.common import claim_chunks
from kzclaims.models import Claim, Speaker
from kzclaims.timezones import local_iso

NO_FRAMING: dict = {}
# The framing column read as JSON text and parsed here (cached): selecting a JSONField makes
# Django convert every row of the result in Python, every column of it, which alone halved the
# CSV export's speed.
FRAMING_JSON = "framing_json"
PARTS_JSON = "part_spans_json"
EXPRESSIONS = {
    FRAMING_JSON: Cast("framing", output_field=TextField()),
    PARTS_JSON: Cast("part_spans", output_field=TextField()),
}
# The source that stands for a claim's figures (read in one query per chunk, not a column).
FIGURES = "@figures"


@dataclass(frozen=True)
class Field:
    name: str
    # The claim lookups the value is made of; by default the field's own name.
    source: str | tuple[str, ...] = ""
    # (source values..., export) -> the JSON value; by default the single source value as is.
    convert: Callable | None = None
    # Choices whose labels the CSV shows instead of the stored codes.
    labels: type | None = None
    # The CSV cell of the JSON value, where the general rendering (csv.cell) would not do.
    text: Callable | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        if not self.source:
            return (self.name,)
        return (self.source,) if isinstance(self.source, str) else self.source


class Export:
    """What one export run needs besides the rows: absolute addresses from SITE_URL, and whose
    review its reader may not see yet (a reviewer still due to review claims blind)."""

    PLACEHOLDER = 2_147_483_647

    def __init__(self, site_url: str | None = None, hidden_reviews=None):
        # claim ids -> those whose review the reader may not see yet (claim_chunks), or None.
        self.hidden_reviews = hidden_reviews
        self.site_url = (settings.SITE_URL if site_url is None else site_url).rstrip("/")
        # reverse() once with a placeholder id: a million reverse() calls would cost seconds.
        head, _, tail = reverse("review:claim", args=[self.PLACEHOLDER]).rpartition(
            str(self.PLACEHOLDER)
        )
        self._claim_url = (self.site_url + head, tail)

    def claim_url(self, pk: int) -> str:
        head, tail = self._claim_url
        return f"{head}{pk}{tail}"

    def absolute(self, path: str) -> str:
        return self.site_url + path


def _claim_url(pk, export):
    return export.claim_url(pk)


def _published(published, zone, _export):
    return local_iso(published, zone)


def _iso(moment: dt.datetime | None, _export):
    return moment.isoformat() if moment else None


@lru_cache(maxsize=4096)
def _parsed_framing(text: str | None) -> dict:
    """The framing object of its JSON text; few distinct framings recur over many claims. The
    result is shared between rows: read, never changed."""
    return json.loads(text) if text else NO_FRAMING


def _framing(key):
    def value(framing_json, _export):
        return _parsed_framing(framing_json).get(key) or []

    return value


def _parts(parts_json, _export):
    return json.loads(parts_json) if parts_json else None


def _parts_text(parts) -> str:
    return "; ".join(f"{start}-{end}" for start, end in parts or ())


def _joined(texts) -> str:
    return "; ".join(texts)


def _number(value):
    return str(value) if value is not None else None


def _figures(figures, _export):
    return [
        {
            "text": text,
            "value": _number(value),
            "subject": subject,
            "low": _number(low),
            "high": _number(high),
            "approx": approx,
            "measure": measure,
            "counted": counted,
            "reference_date": day.isoformat() if day else None,
        }
        for text, value, subject, low, high, approx, measure, counted, day in figures
    ]


def _figures_text(figures) -> str:
    return "; ".join(f"{figure['text']} {figure['subject']}".strip() for figure in figures)


FIELDS = (
    Field("claim_id", "id"),
    Field("claim_url", "id", _claim_url),
    Field("article_id"),
    Field("article_title", "article__title"),
    Field("article_url", "article__url"),
    Field("outlet", "article__outlet__name"),
    Field("published", ("article__published", "article__published_zone"), _published),
    Field("speaker", "speaker__name"),
    Field("speaker_mention"),
    Field("speaker_kind", "speaker__kind", labels=Speaker.Kind),
    Field("speaker_type", "speaker__speaker_type", labels=Speaker.Type),
    Field("kind", labels=Claim.Kind),
    Field("mode", labels=Claim.Mode),
    Field("parent_claim_id", "parent_id"),
    Field("part_spans", PARTS_JSON, _parts, text=_parts_text),
    Field("content"),
    Field("cue"),
    Field("stance", "cue_stance", labels=Claim.Stance),
    Field("channel"),
    Field("via"),
    Field("labels", FRAMING_JSON, _framing("labels"), text=_joined),
    Field("scare_quotes", FRAMING_JSON, _framing("scare_quotes"), text=_joined),
    Field("hedges", FRAMING_JSON, _framing("hedges"), text=_joined),
    Field("figures", FIGURES, _figures, text=_figures_text),
    Field("confidence"),
    Field("status", labels=Claim.Status),
    Field("reviewed_by", "reviewed_by__username"),
    Field("reviewed_at", "reviewed_at", _iso),
    Field("note"),
    Field("evidence_url"),
)
NAMES = tuple(field.name for field in FIELDS)


def selected(claims, fields=FIELDS):
    """`claims` with the expressions the fields read (EXPRESSIONS) annotated."""
    needed = {name: EXPRESSIONS[name] for name in columns(fields) if name in EXPRESSIONS}
    return claims.annotate(**needed) if needed else claims


def columns(fields=FIELDS) -> tuple[str, ...]:
    """The claim lookups the fields read, "id" first (claim_chunks keys the figures by it)."""
    seen = {"id": None}
    for field in fields:
        seen.update((source, None) for source in field.sources if source != FIGURES)
    return tuple(seen)


def row_function(export: Export, fields=FIELDS, *, wrap=None, namespace=None):
    """One function `(row, figures) -> [value, ...]` from a row (a tuple of columns(fields))
    and its figures to the fields' JSON values, in order; `wrap(field, variable, namespace)`
    may turn each value's expression into another (the CSV's cell). The function is generated
    as Python source from the field list, compiled once per export: a million rows times
    27 fields would otherwise spend most of the export's time in per-field calls."""
    index = {name: i for i, name in enumerate(columns(fields))}
    namespace = {**(namespace or {}), "export": export}
    lines, results = ["def row_function(row, figures):"], []
    for field in fields:
        assert field.name.isidentifier(), field.name
        args = ["figures" if s == FIGURES else f"row[{index[s]}]" for s in field.sources]
        value = args[0]
        if field.convert is not None:
            namespace[f"convert_{field.name}"] = field.convert
            value = f"convert_{field.name}({', '.join(args)}, export)"
        lines.append(f"    {field.name} = {value}")
        results.append(wrap(field, field.name, namespace) if wrap else field.name)
    lines.append(f"    return [{', '.join(results)}]")
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from the field list, not input
    return namespace["row_function"]


def rows(claims, export: Export, fields=FIELDS):
    """Yields lists of JSON values, one list per claim of `claims`, a chunk at a time."""
    make = row_function(export, fields)
    no_figures = ()
    chunks = claim_chunks(selected(claims, fields), columns(fields), hidden=export.hidden_reviews)
    for chunk, figures in chunks:
        for row in chunk:
            yield make(row, figures.get(row[0], no_figures))


def records(claims, export: Export, fields=FIELDS):
    """Yields one dict per claim, keyed by the field names: the JSON Lines objects."""
    names = tuple(field.name for field in fields)
    for values in rows(claims, export, fields):
        yield dict(zip(names, values, strict=True))
