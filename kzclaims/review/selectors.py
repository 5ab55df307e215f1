"""Review reads: the queue page, the article reader's highlighted text, a speaker's claims, the
comparison of claims and figures across outlets, and the outlets' framing charts. Each builds its
page in a fixed number of queries, whatever the number of claims on it."""

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kzclaims.claim_filters import claims_from_query
from kzclaims.models import Article, Claim, Figure, Outlet, ReviewEvent, Speaker

from .suggestions import content_tokens, group_similar, official_only_suggestions

PAGE_SIZE = 50
SORT_LABELS = {
    "date": "Newest first",
    "-date": "Oldest first",
    "article": "Reading order",
    "speaker": "Speaker",
    "status": "Status",
    "confidence": "Confidence",
}


def queue_page(params, page_number=1):
    """The filter form, the page of claims it selects, and the suggestions for that page."""
    form, claims = claims_from_query(params)
    form.fields["sort"].choices = [
        (key, SORT_LABELS.get(key, key)) for key, _ in form.fields["sort"].choices
    ]
    page = Paginator(claims, PAGE_SIZE).get_page(page_number)
    claims = list(page.object_list)
    suggested = official_only_suggestions([c.pk for c in claims]) if claims else set()
    for claim in claims:
        claim.suggested = Claim.Status.OFFICIAL_ONLY if claim.pk in suggested else ""
    return form, page, claims


def claims_with_suggestions(claims):
    claims = list(claims)
    suggested = official_only_suggestions([c.pk for c in claims]) if claims else set()
    for claim in claims:
        claim.suggested = Claim.Status.OFFICIAL_ONLY if claim.pk in suggested else ""
    return claims


def claim_for_row(pk):
    claim = Claim.objects.select_related("article__outlet", "speaker", "reviewed_by").get(pk=pk)
    return claims_with_suggestions([claim])[0]


CONTEXT_CHARS = 240


def claim_detail(pk):
    """A claim with its figures, its history (newest change first) and the article text around
    it (`claim.context`: before, after)."""
    claim = (
        Claim.objects.select_related("article__outlet", "speaker", "reviewed_by")
        .prefetch_related(
            "figures",
            Prefetch("events", queryset=ReviewEvent.objects.select_related("user")),
        )
        .get(pk=pk)
    )
    body = claim.article.body
    claim.context = (
        body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
        body[claim.end : claim.end + CONTEXT_CHARS],
    )
    return claims_with_suggestions([claim])[0]


# --- the article reader -------------------------------------------------------------------


@dataclass(order=True)
class _Span:
    start: int
    neg_end: int
    rank: int
    key: str = field(compare=False)
    tag: str = field(compare=False)
    attrs: str = field(compare=False)
    first_attrs: str = field(compare=False, default="")

    @property
    def end(self):
        return -self.neg_end


def _claim_span(claim):
    status = claim.get_status_display()
    label = f"Claim {claim.pk}: {claim.get_kind_display()}, {status}"
    classes = f"hl hl-{claim.kind} st-{claim.status}"
    attrs = f'class="{classes}" data-claim="{claim.pk}" title="{escape(label)}"'
    first = f' data-n="{claim.pk}" tabindex="0" role="button" aria-label="{escape(label)}"'
    return _Span(claim.start, -claim.end, 0, f"c{claim.pk}", "mark", attrs, first)


def highlight(body: str, claims) -> str:
    """The article body, escaped, with every claim, speaker mention and cue wrapped in place.
    Spans may nest or overlap: at every boundary the open elements that do not continue are
    closed and the ones that do are reopened, so the markup is always well formed and each
    piece of a claim carries its data-claim."""
    spans = []
    n = len(body)
    for claim in claims:
        if 0 <= claim.start < claim.end <= n:
            spans.append(_claim_span(claim))
        for kind, start, end in (
            ("speaker", claim.speaker_start, claim.speaker_end),
            ("cue", claim.cue_start, claim.cue_end),
        ):
            if start is not None and end is not None and 0 <= start < end <= n:
                spans.append(
                    _Span(start, -end, 1, f"{kind}{start}-{end}", "span", f'class="{kind}"')
                )
    # The same speaker or cue span can belong to several claims: mark it once.
    unique = {}
    for span in spans:
        unique.setdefault(span.key, span)
    spans = sorted(unique.values())
    bounds = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    out, stack = [], []
    for a, b in itertools.pairwise(bounds):
        active = [s for s in spans if s.start <= a and s.end >= b]
        common = 0
        while common < min(len(stack), len(active)) and stack[common] is active[common]:
            common += 1
        for span in reversed(stack[common:]):
            out.append(f"</{span.tag}>")
        for span in active[common:]:
            extra = span.first_attrs if span.start == a else ""
            out.append(f"<{span.tag} {span.attrs}{extra}>")
        stack = active
        out.append(str(escape(body[a:b])))
    for span in reversed(stack):
        out.append(f"</{span.tag}>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def article_reader(pk):
    article = Article.objects.select_related("outlet").get(pk=pk)
    claims = claims_with_suggestions(
        Claim.objects.filter(article=article)
        .select_related("speaker", "reviewed_by", "article__outlet")
        .order_by("start", "-end")
    )
    # A superseded claim's offsets are into a text the article no longer has.
    paragraphs_html = highlight(article.body, [c for c in claims if not c.superseded])
    return article, claims, paragraphs_html


# --- speakers ---------------------------------------------------------------------------


def speaker_page(pk):
    speaker = Speaker.objects.prefetch_related("aliases").get(pk=pk)
    claims = claims_with_suggestions(
        Claim.objects.filter(speaker=speaker)
        .select_related("article__outlet", "speaker", "reviewed_by")
        .order_by("article__outlet__name", "-article__published", "start")
    )
    by_outlet = defaultdict(list)
    for claim in claims:
        by_outlet[claim.article.outlet].append(claim)
    return speaker, claims, dict(by_outlet)


# --- comparison -------------------------------------------------------------------------


COMPARE_SIMILAR = 0.45
SAME_SPEAKER_SIMILAR = 0.25


class _CompareRow:
    def __init__(self, claim):
        self.claim = claim
        self.id = claim.pk
        self.tokens = content_tokens(claim.content)


def compare_groups(min_outlets=2):
    """The same claim as relayed by different outlets: claims with similar content, grouped
    more readily when they have the same canonical speaker; groups seen in at least
    `min_outlets` outlets, widest first."""
    rows = [
        _CompareRow(claim)
        for claim in Claim.objects.select_related("article__outlet", "speaker").order_by(
            "article__outlet__name", "article_id", "start"
        )
    ]

    def same_speaker(a, b):
        speaker = a.claim.speaker_id
        return SAME_SPEAKER_SIMILAR if speaker and speaker == b.claim.speaker_id else None

    groups = []
    for group in group_similar(rows, threshold=COMPARE_SIMILAR, same=same_speaker):
        columns = defaultdict(list)
        for row in group:
            columns[row.claim.article.outlet].append(row.claim)
        if len(columns) < min_outlets:
            continue
        statuses = {row.claim.status for row in group} - {Claim.Status.UNREVIEWED}
        speakers = {row.claim.speaker for row in group if row.claim.speaker}
        groups.append(
            {
                "speakers": sorted(speakers, key=lambda s: s.name),
                "columns": sorted(columns.items(), key=lambda kv: kv[0].name),
                "status_disagreement": len(statuses) > 1,
            }
        )
    groups.sort(key=lambda g: (-len(g["columns"]), [s.name for s in g["speakers"]]))
    return groups


def figures_by_subject():
    """Figures grouped by subject, one cell per outlet and date; a subject whose values differ
    is a disagreement (5,800 / 5,969 / 7,939 people detained)."""
    figures = (
        Figure.objects.exclude(subject="")
        .select_related("claim__article__outlet", "claim__speaker")
        .order_by("subject", "claim__article__published", "claim__article__outlet__name")
    )
    subjects = defaultdict(list)
    for figure in figures:
        subjects[figure.subject.strip().casefold()].append(figure)
    rows = []
    for figs in subjects.values():
        values = {f.value for f in figs if f.value is not None}
        rows.append(
            {
                "subject": figs[0].subject,
                "figures": figs,
                "outlets": len({f.claim.article.outlet_id for f in figs}),
                "disagree": len(values) > 1,
                "repeated": len(figs) > 1,
                "min": min(values) if values else None,
                "max": max(values) if values else None,
            }
        )
    rows.sort(
        key=lambda r: (not r["repeated"], not r["disagree"], -r["outlets"], r["subject"].casefold())
    )
    return rows


BAR_WIDTH = 220


def framing_charts():
    """Per outlet, the counts of cue stances and of actor labels, with bar lengths in SVG units
    (server-rendered charts: the outlet's framing at a glance)."""
    stance_counts = (
        Claim.objects.exclude(cue_stance="")
        .values("article__outlet_id", "cue_stance")
        .annotate(n=Count("id"))
        .order_by()
    )
    outlets = {o.pk: o for o in Outlet.objects.filter(articles__claims__isnull=False).distinct()}
    stances = defaultdict(Counter)
    for row in stance_counts:
        stances[row["article__outlet_id"]][row["cue_stance"]] += row["n"]
    labels = defaultdict(Counter)
    for outlet_id, framing in Claim.objects.values_list("article__outlet_id", "framing"):
        for label in (framing or {}).get("labels", []) or []:
            labels[outlet_id][str(label).casefold()] += 1
    charts = []
    for outlet_id, outlet in sorted(outlets.items(), key=lambda kv: kv[1].name):
        stance_bars = _bars(
            [
                (label, stances[outlet_id].get(value, 0), value)
                for value, label in Claim.Stance.choices
            ]
        )
        label_bars = _bars([(label, n, "label") for label, n in labels[outlet_id].most_common(6)])
        charts.append({"outlet": outlet, "stances": stance_bars, "labels": label_bars})
    return charts


def _bars(items):
    top = max((n for _, n, _ in items), default=0) or 1
    bars = []
    for i, (label, n, css) in enumerate(items):
        bars.append(
            {
                "label": label,
                "n": n,
                "css": css,
                "y": i * 22,
                "text_y": i * 22 + 14,
                "width": round(BAR_WIDTH * n / top),
                "value_x": 110 + round(BAR_WIDTH * n / top) + 6,
            }
        )
    return {"bars": bars, "height": max(len(bars) * 22, 22)}
