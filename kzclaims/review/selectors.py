"""Review reads: the queue page, the article reader's highlighted text and a speaker's claims
(the compare page is kzclaims.comparison). Each builds its page in a fixed number of queries,
whatever the number of claims on it."""

import itertools
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kzclaims.claim_filters import claims_from_query, filter_claims
from kzclaims.models import Article, Claim, Outlet, ReviewEvent, Speaker
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
    skips more than half the list: page 2,000 of 2,058 skips 2,900 rows, not 99,950. `ends`, when
    given, is the same list in a form cheaper to read at either end (the first and last pages)."""

    def __init__(self, object_list, per_page, ends=None):
        super().__init__(object_list, per_page)
        self.ends = object_list if ends is None else ends

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom > self.count - top:
            from_end = self.count - top
            rows = self.ends if from_end == 0 else self.object_list
            ids = list(rows.reverse()[from_end : from_end + (top - bottom)])
            return self._get_page(ids[::-1], number, self)
        rows = self.ends if bottom == 0 else self.object_list
        return self._get_page(rows[bottom:top], number, self)


def page_of(claims, page_number, per_page=None, ends=None):
    """One page of a claim list, read in two steps: the page's ids in the list's order (a narrow
    query the sort indexes answer even deep in the list), then those claims with their relations,
    the article body left out. Returns the page and its claims with suggestions. `ends`: the
    same claims in a form cheaper for the first and last pages (see _FromNearerEnd)."""
    ids_at_ends = ends.values_list("pk", flat=True) if ends is not None else None
    page = _FromNearerEnd(
        claims.values_list("pk", flat=True), per_page or PAGE_SIZE, ids_at_ends
    ).get_page(page_number)
    ids = list(page.object_list)
    by_id = {c.pk: c for c in _rows(Claim.objects.filter(pk__in=ids))} if ids else {}
    return page, claims_with_suggestions(by_id[pk] for pk in ids if pk in by_id)


def queue_page(params, page_number=1, user=None):
    """The filter form, the page of claims it selects, and the suggestions for that page
    (`user` is who asks, for "My queue")."""
    form, claims = claims_from_query(params, user)
    form.fields["sort"].choices = [
        (key, SORT_LABELS.get(key, key)) for key, _ in form.fields["sort"].choices
    ]
    ends = None
    if form.is_valid() and form.cleaned_data.get("assigned"):
        # My queue read by id costs the same on every page; its first page (the default view)
        # and its last are cheaper as a walk of the sort's index (claim_filters.assigned_to).
        ends = filter_claims(form.cleaned_data, semi_join=True, status_hidden=form.status_hidden)
    page, claims = page_of(claims, page_number, ends=ends)
    return form, page, claims


def newest_claim_id() -> int:
    """The highest claim id: read as a page is drawn, so that a later poll can ask what arrived
    since (an extraction, first or again, stores each claim it finds anew under a new id)."""
    return Claim.objects.aggregate(newest=Max("pk"))["newest"] or 0


def new_claims_count(params, since: int, user=None) -> int:
    """How many claims the queue's filters select that are newer than `since` (a claim id): a
    range of the primary key, so an indexed read however many claims there are."""
    _form, claims = claims_from_query(params, user)
    return claims.filter(pk__gt=since).order_by().count()


def still_matches(pk: int, query: str, user=None) -> bool:
    """Whether the claim is still one of those the queue's filters (a query string) select,
    after a write: the one definition of the filters decides, for this one claim (`user` for
    "My queue", which a tag leaves)."""
    _form, claims = claims_from_query(QueryDict(query), user)
    return claims.filter(pk=pk).order_by().exists()


def claims_with_suggestions(claims):
    claims = list(claims)
    suggested = official_only_suggestions(claims) if claims else {}
    for claim in claims:
        claim.suggested = Claim.Status.OFFICIAL_ONLY if claim.pk in suggested else ""
        claim.suggested_why = suggested.get(claim.pk, "")
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
    # What the page lists; kzclaims.team.selectors.attach_blind may leave events out of it.
    claim.history = list(claim.events.all())
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


def _claim_spans(claim, n):
    """One mark per part of the claim: a split quotation's parts are marked apart, and the
    attribution between them is not the speaker's words. The first part is the one to focus."""
    status = claim.get_status_display()
    label = f"Claim {claim.pk}: {claim.get_kind_display()}, {status}"
    classes = f"hl hl-{claim.kind} st-{claim.status}"
    attrs = f'class="{classes}" data-claim="{claim.pk}" title="{escape(label)}"'
    # A highlight is text, not a control: claims nest (a fragment inside reported speech), and
    # a button inside a button, or one named apart from the words it shows, is what a screen
    # reader cannot follow. j/k focus it from the script (as the queue's rows); Tab and screen
    # readers reach each claim through the claim index beside the article, whose links name it.
    first = f' data-n="{claim.pk}" tabindex="-1"'
    parts = getattr(claim, "part_spans", None) or [(claim.start, claim.end)]
    parts = [(a, b) for a, b in parts if 0 <= a < b <= n] or [(claim.start, claim.end)]
    return [
        _Span(a, -b, 0, f"c{claim.pk}p{k}", "mark", attrs, first if k == 0 else "")
        for k, (a, b) in enumerate(parts)
    ]


def highlight(body: str, claims) -> str:
    """The article body, escaped, with every claim, speaker mention and cue wrapped in place.
    Spans may nest or overlap: at every boundary the open elements that do not continue are
    closed and the ones that do are reopened, so the markup is always well formed and each
    piece of a claim carries its data-claim."""
    spans = []
    n = len(body)
    for claim in claims:
        if 0 <= claim.start < claim.end <= n:
            spans.extend(_claim_spans(claim, n))
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


def article_reader(pk, user=None):
    """The article, its claims and its text with the claims marked; with `user`, each claim as
    they may see it under a blind review (kzclaims.team), the marks' status colours included."""
    article = Article.objects.select_related("outlet").get(pk=pk)
    claims = list(
        Claim.objects.filter(article=article)
        .select_related("speaker", "reviewed_by")
        .order_by("start", "-end")
    )
    for claim in claims:  # the article once, not its body again with every claim
        claim.article = article
    claims = claims_with_suggestions(claims)
    # The index lists a nested claim (and a fragment) under the claim it was reported in.
    by_pk = {c.pk: c for c in claims}
    for claim in claims:
        claim.inner_claims = []
    for claim in claims:
        parent = by_pk.get(claim.parent_id)
        claim.is_inner = parent is not None
        if parent is not None:
            parent.inner_claims.append(claim)
    if user is not None:
        # Imported here: kzclaims.team's selectors read the agreement's, which read these.
        from kzclaims.team.selectors import attach_blind

        attach_blind(user, claims)
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
