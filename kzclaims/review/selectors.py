"""Review reads: the queue page, the article reader's highlighted text, a speaker's claims, the
comparison of claims and figures across outlets, and the outlets' framing charts. Each builds its
page in a fixed number of queries, whatever the number of claims on it."""

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Prefetch, Window
from django.db.models.functions import Lower, RowNumber
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kzclaims.claim_filters import claims_from_query
from kzclaims.models import Article, Claim, Figure, Outlet, ReviewEvent, SameClaimGroup, Speaker
from kzclaims.same_claims import official_only_suggestions

PAGE_SIZE = 50
# What a list shows of a claim's article: everything but the body.
ROW_RELATIONS = ("article__outlet", "speaker", "reviewed_by")
SORT_LABELS = {
    "relevance": "Best match",
    "date": "Newest first",
    "-date": "Oldest first",
    "article": "Reading order",
    "speaker": "Speaker",
    "status": "Status",
    "confidence": "Confidence",
}


def _rows(queryset):
    return queryset.select_related(*ROW_RELATIONS).defer("article__body")


class _FromNearerEnd(Paginator):
    """Reads a page past the middle of the list from its end, in the reverse order, so no page
    skips more than half the list: page 2,000 of 2,058 skips 2,900 rows, not 99,950."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom > self.count - top:
            from_end = self.count - top
            ids = list(self.object_list.reverse()[from_end : from_end + (top - bottom)])
            return self._get_page(ids[::-1], number, self)
        return self._get_page(self.object_list[bottom:top], number, self)


def page_of(claims, page_number, per_page=None):
    """One page of a claim list, read in two steps: the page's ids in the list's order (a narrow
    query the sort indexes answer even deep in the list), then those claims with their relations,
    the article body left out. Returns the page and its claims with suggestions."""
    page = _FromNearerEnd(claims.values_list("pk", flat=True), per_page or PAGE_SIZE).get_page(
        page_number
    )
    ids = list(page.object_list)
    by_id = {c.pk: c for c in _rows(Claim.objects.filter(pk__in=ids))} if ids else {}
    return page, claims_with_suggestions(by_id[pk] for pk in ids if pk in by_id)


def queue_page(params, page_number=1):
    """The filter form, the page of claims it selects, and the suggestions for that page."""
    form, claims = claims_from_query(params)
    form.fields["sort"].choices = [
        (key, SORT_LABELS.get(key, key)) for key, _ in form.fields["sort"].choices
    ]
    page, claims = page_of(claims, page_number)
    return form, page, claims


def claims_with_suggestions(claims):
    claims = list(claims)
    suggested = official_only_suggestions(claims) if claims else set()
    for claim in claims:
        claim.suggested = Claim.Status.OFFICIAL_ONLY if claim.pk in suggested else ""
    return claims


def claim_for_row(pk):
    return claims_with_suggestions([_rows(Claim.objects).get(pk=pk)])[0]


CONTEXT_CHARS = 240


def _context(body, start, end):
    """Up to CONTEXT_CHARS of the article on each side of the claim, cut on word boundaries:
    (before, after, cut before, cut after). A snippet never starts or ends mid-word."""
    begin = max(0, start - CONTEXT_CHARS)
    before = body[begin:start]
    cut_before = begin > 0
    if cut_before and not body[begin - 1].isspace():
        before = before.split(None, 1)[1] if len(before.split(None, 1)) > 1 else ""
    stop = min(len(body), end + CONTEXT_CHARS)
    after = body[end:stop]
    cut_after = stop < len(body)
    if cut_after and not body[stop].isspace():
        after = after.rsplit(None, 1)[0] if len(after.rsplit(None, 1)) > 1 else ""
    return before.lstrip() if cut_before else before, after, cut_before, cut_after


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
    claim.context = _context(claim.article.body, claim.start, claim.end)
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
    claims = list(
        Claim.objects.filter(article=article)
        .select_related("speaker", "reviewed_by")
        .order_by("start", "-end")
    )
    for claim in claims:  # the article once, not its body again with every claim
        claim.article = article
    claims = claims_with_suggestions(claims)
    # A superseded claim's offsets are into a text the article no longer has.
    paragraphs_html = highlight(article.body, [c for c in claims if not c.superseded])
    return article, claims, paragraphs_html


# --- speakers ---------------------------------------------------------------------------


def speaker_page(pk, page_number=1):
    """A speaker, how many claims each outlet carries, and one page of the claims, newest
    first."""
    speaker = Speaker.objects.prefetch_related("aliases").get(pk=pk)
    counts = (
        Claim.objects.filter(speaker=speaker)
        .values("article__outlet")
        .annotate(n=Count("id"))
        .order_by()
    )
    outlets = Outlet.objects.in_bulk([row["article__outlet"] for row in counts])
    by_outlet = sorted(
        ((outlets[row["article__outlet"]], row["n"]) for row in counts), key=lambda on: on[0].name
    )
    claims = Claim.objects.filter(speaker=speaker).order_by(
        "-article__published", "article_id", "start"
    )
    page, claims = page_of(claims, page_number)
    return speaker, page, claims, by_outlet


# --- comparison -------------------------------------------------------------------------


GROUPS_PER_PAGE = 20
MEMBERS_PER_GROUP = 12
FIGURE_SUBJECTS = 40
FIGURES_PER_SUBJECT = 12


def compare_groups(page_number=1, min_outlets=2):
    """The same claim as relayed by different outlets (kzclaims.same_claims keeps the groups):
    one page of the groups seen in at least `min_outlets` outlets, widest first."""
    groups = SameClaimGroup.objects.filter(outlet_count__gte=min_outlets).order_by(
        "-outlet_count", "label", "id"
    )
    page = Paginator(groups.values_list("pk", flat=True), GROUPS_PER_PAGE).get_page(page_number)
    ids = list(page.object_list)
    members = defaultdict(list)
    # At most MEMBERS_PER_GROUP claims of each group are read and shown, first by outlet name.
    claims = (
        Claim.objects.annotate(
            nth=Window(
                RowNumber(),
                partition_by=[F("same_group_id")],
                order_by=[F("article__outlet__name"), F("article_id"), F("start")],
            )
        )
        .filter(same_group_id__in=ids, nth__lte=MEMBERS_PER_GROUP)
        .select_related("article__outlet", "speaker")
        .defer("article__body")
        .order_by("article__outlet__name", "article_id", "start")
    )
    for claim in claims:
        members[claim.same_group_id].append(claim)
    disagreeing = set(
        Claim.objects.filter(same_group_id__in=ids)
        .exclude(status=Claim.Status.UNREVIEWED)
        .values("same_group_id")
        .annotate(n=Count("status", distinct=True))
        .filter(n__gt=1)
        .values_list("same_group_id", flat=True)
    )
    sizes = dict(SameClaimGroup.objects.filter(pk__in=ids).values_list("pk", "claim_count"))
    rows = []
    for gid in ids:
        columns = defaultdict(list)
        for claim in members[gid]:
            columns[claim.article.outlet].append(claim)
        speakers = {c.speaker for c in members[gid] if c.speaker}
        rows.append(
            {
                "speakers": sorted(speakers, key=lambda s: s.name),
                "columns": sorted(columns.items(), key=lambda kv: kv[0].name),
                "status_disagreement": gid in disagreeing,
                "size": sizes.get(gid, 0),
                "shown": len(members[gid]),
            }
        )
    return page, rows


def extraction_fingerprint() -> str:
    """Changes whenever extracted data may have changed (claims stored, articles re-extracted or
    deleted): the key of what is derived from extraction alone (figures, framing)."""
    facts = Article.objects.aggregate(
        n=Count("id"), extracted=Max("extracted_at"), newest=Max("id")
    )
    claims = Claim.objects.aggregate(newest=Max("id"))
    return f"{facts['n']}:{facts['extracted']}:{facts['newest']}:{claims['newest']}"


def derived_from_extraction(name, compute):
    """`compute()`, cached until the extracted data changes: tagging does not change figures or
    framing, so editors' writes never invalidate it and no request recomputes it over all
    claims unless claims were stored meanwhile."""
    key = f"kzclaims:{name}:{extraction_fingerprint()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=24 * 3600)
    return value


def figures_by_subject():
    """Figures grouped by subject, one cell per outlet and date; a subject whose values differ
    is a disagreement (5,800 / 5,969 / 7,939 people detained). The subjects reported most
    widely come first, with their latest figures."""
    return derived_from_extraction("figures", _figures_by_subject)


def _figures_by_subject():
    subjects = list(
        Figure.objects.exclude(subject="")
        .annotate(key=Lower("subject"))
        .values("key")
        .annotate(
            n=Count("id"),
            outlets=Count("claim__article__outlet", distinct=True),
            low=Min("value"),
            high=Max("value"),
        )
        .order_by()
    )
    for row in subjects:
        row["repeated"] = row["n"] > 1
        row["disagree"] = row["low"] is not None and row["low"] != row["high"]
    subjects.sort(key=lambda r: (not r["repeated"], not r["disagree"], -r["outlets"], r["key"]))
    subjects = subjects[:FIGURE_SUBJECTS]
    latest = (
        Figure.objects.annotate(
            key=Lower("subject"),
            nth=Window(
                RowNumber(),
                partition_by=[Lower("subject")],
                order_by=[F("claim__article__published").desc(nulls_last=True), F("id").desc()],
            ),
        )
        .filter(key__in=[r["key"] for r in subjects], nth__lte=FIGURES_PER_SUBJECT)
        .select_related("claim__article__outlet", "claim__speaker")
        .defer("claim__article__body", "claim__content", "claim__framing")
        .order_by("key", "claim__article__published", "claim__article__outlet__name")
    )
    cells = defaultdict(list)
    for figure in latest:
        cells[figure.key].append(figure)
    rows = []
    for row in subjects:
        figs = cells[row["key"]]
        rows.append(
            {
                "subject": figs[0].subject if figs else row["key"],
                "figures": figs,
                "count": row["n"],
                "outlets": row["outlets"],
                "disagree": row["disagree"],
                "repeated": row["repeated"],
                "min": row["low"],
                "max": row["high"],
            }
        )
    return rows


BAR_WIDTH = 220


def framing_charts():
    """Per outlet, the counts of cue stances and of actor labels, with bar lengths in SVG units
    (server-rendered charts: the outlet's framing at a glance)."""
    return derived_from_extraction("framing", _framing_charts)


def _framing_charts():
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
