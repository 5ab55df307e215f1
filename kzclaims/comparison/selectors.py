"""Compare page reads: the same statement across outlets (stored groups, kzclaims.same_claims),
figure series and disagreements (figures.series), and the outlets' framing as shares. Each is
read in a fixed number of indexed queries; what derives from extraction alone is cached until
claims are stored again."""

import hashlib
import itertools
from collections import Counter, defaultdict

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from kzclaims.extraction.framing import label_lemma
from kzclaims.models import Article, Claim, Figure, Outlet, SameClaimGroup

from . import charts
from .figures import Reading, series
from .filters import CompareFilters
from .wording import against_reference

GROUPS_PER_PAGE = 10
MEMBERS_PER_GROUP = 8
# The newest figures with a measure that the series are built from, and how many series show.
FIGURE_READINGS = 3000
SERIES_SHOWN = 12
READINGS_SHOWN = 40
DISAGREEMENTS_SHOWN = 10
LABELS_SHOWN = 6


# --- the same statement across outlets ------------------------------------------------------


def _canonical_speaker(claim):
    """Who made a statement: the speaker a merged speaker was merged into, or None."""
    if claim.speaker is None:
        return None
    return claim.speaker.merged_into_id or claim.speaker_id


def _diffs(members: dict, fingerprint=None) -> dict:
    """Each group's wordings against its first one, cached with the claims they compare (the
    diff is the page's costliest part, and wordings change only when claims are stored)."""
    fingerprint = fingerprint or extraction_fingerprint()
    keys = {
        gid: "kzclaims:compare-diff:"
        + hashlib.sha256(f"{fingerprint}|{gid}|{[c.pk for c in shown]}".encode()).hexdigest()
        for gid, shown in members.items()
    }
    found = cache.get_many(list(keys.values()))
    out, missing = {}, {}
    for gid, shown in members.items():
        if keys[gid] in found:
            out[gid] = found[keys[gid]]
        else:
            out[gid] = against_reference(shown[0].content, [c.content for c in shown[1:]])
            missing[keys[gid]] = out[gid]
    if missing:
        cache.set_many(missing, timeout=24 * 3600)
    return out


def same_statement_groups(filters: CompareFilters, page_number=1, min_outlets=2, fingerprint=None):
    """One page of the stored same-statement groups seen in at least `min_outlets` outlets
    (widest first) that hold a claim the filters select, each member diffed against the
    first wording: the outlets side by side."""
    groups = SameClaimGroup.objects.filter(outlet_count__gte=min_outlets)
    if filters:
        groups = groups.filter(
            pk__in=Claim.objects.filter(filters.claims(), same_group__isnull=False)
            .order_by()
            .values("same_group_id")
        )
    groups = groups.order_by("-outlet_count", "label", "id")
    page = Paginator(groups.values_list("pk", flat=True), GROUPS_PER_PAGE).get_page(page_number)
    ids = list(page.object_list)
    members = defaultdict(list)
    # At most MEMBERS_PER_GROUP claims of each group, earliest report first.
    claims = (
        Claim.objects.filter(filters.claims())
        .annotate(
            nth=Window(
                RowNumber(),
                partition_by=[F("same_group_id")],
                order_by=[
                    F("article__published").asc(nulls_last=True),
                    F("article__outlet__name"),
                    F("id"),
                ],
            )
        )
        .filter(same_group_id__in=ids, nth__lte=MEMBERS_PER_GROUP)
        .select_related("article__outlet", "speaker")
        .defer("article__body")
        .order_by("nth")
    )
    for claim in claims:
        members[claim.same_group_id].append(claim)
    sizes = dict(SameClaimGroup.objects.filter(pk__in=ids).values_list("pk", "claim_count"))
    rows = []
    statements = {}  # (group, canonical speaker) -> its wordings, first report first
    for gid in ids:
        for claim in members[gid]:
            statements.setdefault((gid, _canonical_speaker(claim)), []).append(claim)
    diffs = _diffs(statements, fingerprint)
    for claim in (c for shown in members.values() for c in shown):
        framing = claim.framing or {}
        claim.labels = framing.get("labels") or []
        claim.scare_quotes = framing.get("scare_quotes") or []
    for (gid, speaker), shown in statements.items():
        reference, versions = diffs[gid, speaker]
        shown[0].segments, shown[0].left_out, shown[0].is_reference = reference, [], True
        for claim, version in zip(shown[1:], versions, strict=True):
            claim.segments, claim.left_out = version.segments, version.left_out
            claim.is_reference = False
    for gid in ids:
        if not members[gid]:
            continue
        mine = [(shown[0].speaker, shown) for (g, _), shown in statements.items() if g == gid]
        # The same statement is one speaker's: several outlets' wordings of it side by side,
        # widest first; the same words from other speakers are the same claim, shown apart.
        mine.sort(key=lambda sw: (-len({c.article.outlet_id for c in sw[1]}), sw[0] is None))
        cues = {(c.cue or "").casefold() for c in members[gid] if c.cue}
        rows.append(
            {
                "id": gid,
                "statements": [
                    {
                        "speaker": speaker,
                        "members": shown,
                        "outlets": len({c.article.outlet_id for c in shown}),
                        "cues_differ": len({(c.cue or "").casefold() for c in shown if c.cue}) > 1,
                    }
                    for speaker, shown in mine
                ],
                "members": members[gid],
                "cues_differ": len(cues) > 1,
                "size": sizes.get(gid, 0),
            }
        )
    return page, rows


# --- derived from extraction alone, cached ----------------------------------------------------


def extraction_fingerprint() -> str:
    """Changes whenever extracted data may have changed (claims stored, articles re-extracted or
    deleted): the key of what is derived from extraction alone (figures, framing)."""
    # Apart, each read comes from an index (the maxima from the ends of article_extracted_idx
    # and the primary key, the count from the smallest index); in one aggregate the count made
    # PostgreSQL read every article's row for all three (~10 ms at 10,000 articles, now ~1 ms).
    facts = Article.objects.order_by().aggregate(extracted=Max("extracted_at"), newest=Max("id"))
    count = Article.objects.order_by().count()
    claims = Claim.objects.aggregate(newest=Max("id"))
    return f"{count}:{facts['extracted']}:{facts['newest']}:{claims['newest']}"


def derived_from_extraction(name, compute, fingerprint=None):
    """`compute()`, cached until the extracted data changes: tagging does not change figures or
    framing, so editors' writes never invalidate it and no request recomputes it over all
    claims unless claims were stored meanwhile."""
    # Hashed: the filters and the fingerprint hold spaces and colons no cache backend must see.
    digest = hashlib.sha256(f"{name}|{fingerprint or extraction_fingerprint()}".encode())
    key = f"kzclaims:compare:{digest.hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=24 * 3600)
    return value


# --- figures ------------------------------------------------------------------------------


def _readings(filters: CompareFilters) -> list[Reading]:
    rows = (
        Figure.objects.exclude(measure="")
        .filter(filters.claims("claim__"))
        .order_by(F("reference_date").desc(nulls_last=True), "-id")
        .values_list(
            "id",
            "claim_id",
            "claim__article__outlet__name",
            "claim__speaker__name",
            "measure",
            "counted",
            "low",
            "high",
            "reference_date",
            "text",
        )[:FIGURE_READINGS]
    )
    return [
        Reading(
            figure_id=fid,
            claim_id=cid,
            outlet=outlet,
            speaker=speaker or "",
            measure=measure,
            counted=counted,
            low=low,
            high=high,
            reference_date=when,
            text=text,
        )
        for fid, cid, outlet, speaker, measure, counted, low, high, when, text in rows
    ]


def figure_series(filters: CompareFilters, fingerprint=None) -> list[dict]:
    """The comparable figure series (see figures.series): those with disagreements first, each
    with its readings in date order and, when it spans several dates, a timeline chart."""
    return derived_from_extraction(
        f"figure-series:{filters.key}", lambda: _figure_series(filters), fingerprint
    )


def _figure_series(filters: CompareFilters) -> list[dict]:
    out = []
    for found in series(_readings(filters))[:SERIES_SHOWN]:
        reading_count, dates = len(found.readings), found.dates
        # The newest readings only: a page, not every figure of a busy measure.
        found.readings = found.readings[-READINGS_SHOWN:]
        # One line per pair of outlets and values: two speakers in one article quoting the
        # same 5,969 against another outlet's 7,939 are one disagreement to read.
        distinct = {}
        for a, b in found.disagreements:
            distinct.setdefault((a.outlet, a.low, a.high, b.outlet, b.low, b.high), (a, b))
        found.disagreements = list(distinct.values())
        shown_pairs = found.disagreements[:DISAGREEMENTS_SHOWN]
        # Each claim's address once here, cached with the series, not per mark per request.
        links = {
            r.claim_id: reverse("review:claim", args=[r.claim_id])
            for r in itertools.chain(found.readings, *shown_pairs)
        }
        out.append(
            {
                "measure": found.measure,
                "counted": found.counted,
                "readings": [(r, links[r.claim_id]) for r in found.readings],
                "reading_count": reading_count,
                "disagreements": [
                    (a, links[a.claim_id], b, links[b.claim_id]) for a, b in shown_pairs
                ],
                "disagreement_count": len(found.disagreements),
                "dates": dates,
                "timeline": charts.timeline(found, links) if found.is_update_series else None,
            }
        )
    return out


# --- framing ------------------------------------------------------------------------------


def framing_charts(filters: CompareFilters, fingerprint=None) -> dict:
    """Per outlet, the cue stances and the actor labels of its claims as shares of its claims,
    every outlet on one common scale per chart kind, with the counts."""
    return derived_from_extraction(
        f"framing:{filters.key}", lambda: _framing_charts(filters), fingerprint
    )


def _framing_charts(filters: CompareFilters) -> dict:
    selected = Claim.objects.filter(filters.claims()).order_by()
    totals = dict(
        selected.values("article__outlet_id")
        .annotate(n=Count("id"))
        .values_list("article__outlet_id", "n")
    )
    stances = defaultdict(Counter)
    for outlet_id, stance, n in (
        selected.exclude(cue_stance="")
        .values("article__outlet_id", "cue_stance")
        .annotate(n=Count("id"))
        .values_list("article__outlet_id", "cue_stance", "n")
    ):
        stances[outlet_id][stance] += n
    labels = defaultdict(Counter)
    # Only the claims that carry labels are read (a key test on the JSON, in the database).
    for outlet_id, framing in selected.filter(framing__labels__0__isnull=False).values_list(
        "article__outlet_id", "framing"
    ):
        for label in {label_lemma(x) for x in (framing or {}).get("labels") or []} - {""}:
            labels[outlet_id][label] += 1
    outlets = Outlet.objects.in_bulk(list(totals))
    stance_shares = [100 * n / totals[o] for o, counts in stances.items() for n in counts.values()]
    label_shares = [
        100 * n / totals[o] for o, counts in labels.items() for _, n in counts.most_common(1)
    ]
    stance_top, label_top = charts.scale_top(stance_shares), charts.scale_top(label_shares)
    rows = []
    for outlet_id, outlet in sorted(outlets.items(), key=lambda kv: kv[1].name):
        total = totals[outlet_id]
        stance_items = [
            (label, stances[outlet_id].get(value, 0), value)
            for value, label in Claim.Stance.choices
        ]
        label_items = [
            (label, n, "label") for label, n in labels[outlet_id].most_common(LABELS_SHOWN)
        ]
        rows.append(
            {
                "outlet": outlet,
                "total": total,
                "stances": charts.share_bars(stance_items, total, stance_top),
                "labels": charts.share_bars(label_items, total, label_top),
            }
        )
    return {
        "outlets": rows,
        "stance_top": stance_top,
        "label_top": label_top,
        "stance_legend": [{"css": value, "label": label} for value, label in Claim.Stance.choices],
    }


def compare_page(filters: CompareFilters, page_number=1) -> dict:
    """Everything the compare page shows, for these filters."""
    fingerprint = extraction_fingerprint()  # one read for every cached part
    page, groups = same_statement_groups(filters, page_number, fingerprint=fingerprint)
    return {
        "page": page,
        "groups": groups,
        # The figures and framing sections are cached as rendered HTML under `sections_key`
        # (drawing hundreds of marks costs more than reading them): the template calls these
        # only when it renders a section afresh.
        "filtered": bool(filters),
        "sections_key": hashlib.sha256(f"{fingerprint}|{filters.key}".encode()).hexdigest(),
        "series": lambda: figure_series(filters, fingerprint),
        "charts": lambda: framing_charts(filters, fingerprint),
    }
