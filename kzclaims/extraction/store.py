"""Storing extracted claims: idempotent re-extraction of an article that keeps editors' work,
and speakers found or created through their aliases."""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from django.db import IntegrityError, transaction
from django.utils import timezone

from kzclaims import same_claims
from kzclaims.models import (
    Article,
    Claim,
    Figure,
    ReviewEvent,
    Speaker,
    SpeakerAlias,
    SpeakerEvent,
    normalize_alias,
    speaker_sort_key,
)
from kzclaims.speakers.names import institution_key
from kzclaims.text import visible_name
from kzclaims.timezones import local_date

from . import lexicon
from .pipeline import Analysis, ExtractedClaim, analyse, analyse_many, get_nlp
from .speakers import PRONOUNS, speaker_type
from .textprep import TextRejected

log = logging.getLogger(__name__)

# Fields the extraction owns; the review fields (status, note, evidence, reviewer, version) and
# the events are the editors' and survive re-extraction.
EXTRACTED_FIELDS = (
    "kind", "content", "start", "end", "speaker", "speaker_mention", "speaker_start",
    "speaker_end", "cue", "cue_start", "cue_end", "cue_stance", "channel", "via", "framing",
    "confidence", "mode", "nested", "part_spans",
)  # fmt: skip


@dataclass
class ExtractionResult:
    article_id: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    relinked: int = 0
    superseded: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


# --- speakers -------------------------------------------------------------------------------


def _variants(name: str, kind: str) -> list[str]:
    """Spellings of one organisation that name it the same way: "Interior Ministry" and
    "Ministry of Internal Affairs"."""
    keys = [normalize_alias(name)]
    if kind != "organisation":
        return [k for k in keys if k]
    words = keys[0].split()
    synonyms = lexicon.load("speakers")["org_synonyms"]
    swapped = " ".join(words)
    for a, b in synonyms.items():
        swapped = f" {swapped} ".replace(f" {a} ", f" {b} ").strip()
    words = swapped.split()
    heads = lexicon.word_set("speakers", "org_heads")
    demonyms = lexicon.word_set("speakers", "demonyms")
    lead = []
    while words and words[0] in demonyms:
        lead.append(words.pop(0))
    if 2 <= len(words) <= 4 and words[-1] in heads and "of" not in words and "s" not in words:
        words = [words[-1], "of", *words[:-1]]
    keys.append(" ".join([*lead, *words]))
    # The order-free key that every spelling of the institution shares (demonyms, "of",
    # possessives): "Russian Defense Ministry" meets "the Defense Ministry of Russia".
    keys.append(institution_key(name) or "")
    return [k for k in dict.fromkeys(keys) if k]


def _identity_variants(name: str, kind: str, stype: str | None) -> list[str]:
    """Further spellings of one entity across articles: "Tokayev's press service" is the
    "press service of Tokayev"; "Khabar-24 TV channel" is the outlet Khabar; "Tokayev
    Kassym-Jomart" is "Kassym-Jomart Tokayev"."""
    key = normalize_alias(name)
    words = key.split()
    out = []
    if kind == "organisation" and "s" in words[1:-1]:
        i = words.index("s")
        out.append(" ".join([*words[i + 1 :], "of", *words[:i]]))
    if stype == "media" or speaker_type(name) == "media":
        stripped = f" {key} "
        for suffix in sorted(lexicon.word_set("speakers", "media_suffixes"), key=len, reverse=True):
            stripped = stripped.replace(f" {suffix} ", " ")
        stripped = re.sub(r"( \d+)+ $", " ", stripped).strip()
        if stripped and stripped != key:
            out.append(stripped)
    return [k for k in out if k and k != key]


def _lookup_only(name: str, kind: str) -> list[str]:
    """Keys searched but not stored: a person's name written surname first."""
    words = normalize_alias(name).split()
    if kind == "person" and 2 <= len(words) <= 4:
        return [" ".join([*words[1:], words[0]])]
    return []


def _alias_candidates(claim: ExtractedClaim, kind: str) -> list[str]:
    keys = _variants(claim.speaker or "", kind)
    keys += _identity_variants(claim.speaker or "", kind, claim.speaker_type)
    mention = claim.speaker_mention or ""
    canon = normalize_alias(claim.speaker or "")
    # Only mentions that spell the name out become aliases: "the bank" must not come to mean
    # one bank everywhere. A proper title the article gave a named holder ("the CSTO
    # Secretary General" for Stanislav Zas) names that holder.
    folded = normalize_alias(mention)
    if mention and mention.lower() not in PRONOUNS and canon and canon in folded:
        keys.append(folded)
    elif kind == "person" and _is_proper_title(mention):
        keys.append(" ".join(w for w in folded.split() if w not in ("the", "a", "an")))
    return list(dict.fromkeys(k for k in keys if k))


def _title_keys(claim: ExtractedClaim, kind: str) -> list[str]:
    """The proper title written before a named person ("CSTO Secretary General Stanislav
    Zas"): stored as a spelling of that person so that an article naming only the title finds
    him, but never used to look a named person up."""
    title = _title_before(claim.speaker_mention or "", claim.speaker or "")
    if kind != "person" or not title or not _is_proper_title(title):
        return []
    return [normalize_alias(title)]


def _title_before(mention: str, name: str) -> str:
    """ "CSTO Secretary General" of "CSTO Secretary General Stanislav Zas"."""
    at = mention.find(name)
    return mention[:at].strip(" ,") if at > 0 else ""


def _is_proper_title(mention: str) -> bool:
    words = [w for w in mention.split() if w.lower() not in ("the", "a", "an")]
    titles = lexicon.word_set("speakers", "person_titles")
    demonyms = lexicon.word_set("speakers", "demonyms")
    # A title names one holder only with its body or country ("CSTO", "Kazakh"): "Foreign
    # Minister" alone is a different person in every country.
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words)
        and words[-1].lower() in titles
        and any((w.isupper() and len(w) > 1) or w.lower() in demonyms for w in words)
    )


def _find_by_suffix(key: str) -> Speaker | None:
    """A surname or a name without its country ("Tokayev", "Ministry of Internal Affairs")
    names the one stored speaker whose alias ends with it, if only one does."""
    ids = set(
        SpeakerAlias.objects.filter(normalized__endswith=f" {key}").values_list(
            "speaker_id", flat=True
        )[:3]
    )
    return Speaker.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def find_or_create_speaker(claim: ExtractedClaim, kind: str | None) -> Speaker | None:
    if not claim.speaker or not normalize_alias(claim.speaker):
        return None
    kind = kind or "person"
    keys = _alias_candidates(claim, kind)
    lookup = keys + _lookup_only(claim.speaker, kind)
    # The spelling as written wins over its variants: two speakers that an editor split apart
    # may share a variant, and each must keep finding its own.
    found = {
        a.normalized: a
        for a in SpeakerAlias.objects.filter(normalized__in=lookup).select_related("speaker")
    }
    alias = next((found[key] for key in lookup if key in found), None)
    speaker = alias.speaker if alias else None
    if speaker is not None and speaker.merged_into_id:
        speaker = speaker.merged_into  # an alias left behind points through the merge
    if alias is not None and speaker.name != claim.speaker:
        _record_link(speaker, claim, alias.normalized)
    if speaker is None:
        # A bare surname, or an organisation's full name without its country; a generic
        # "Ministry" must not fall to whichever ministry happens to be stored.
        for key in keys:
            if (kind == "person" and len(key.split()) == 1) or len(key.split()) >= 3:
                speaker = _find_by_suffix(key)
            if speaker:
                break
    if speaker is None and kind == "person" and len(keys[0].split()) > 1:
        # A full name arriving after its surname alone: the surname's speaker is this person.
        alias = (
            SpeakerAlias.objects.filter(normalized=keys[0].split()[-1], speaker__kind="person")
            .select_related("speaker")
            .first()
        )
        if alias:
            speaker = alias.speaker
            if (
                len(speaker.name.split()) == 1
                and not Speaker.objects.filter(name=claim.speaker).exists()
            ):
                speaker.name = claim.speaker[:300]
                speaker.save(update_fields=["name"])
    if speaker is None:
        speaker = _create_speaker(claim, kind)
    elif speaker.speaker_type == Speaker.Type.OTHER and claim.speaker_type not in (None, "other"):
        speaker.speaker_type = claim.speaker_type
        speaker.save(update_fields=["speaker_type"])
    # Each spelling is stored as written where the text wrote it, else in its folded form.
    spellings = {normalize_alias(claim.speaker): visible_name(claim.speaker)}
    if claim.speaker_mention:
        mention = visible_name(claim.speaker_mention)
        spellings.setdefault(normalize_alias(claim.speaker_mention), mention)
    _add_aliases(speaker, [spellings.get(key, key) for key in keys + _title_keys(claim, kind)])
    return speaker


def _record_link(speaker: Speaker, claim: ExtractedClaim, key: str) -> None:
    """The audit trail of a spelling the extraction took for an existing speaker through a
    variant ("Health Ministry" for the "Ministry of Health"): recorded the first time only."""
    name = claim.speaker[:300]
    if SpeakerEvent.objects.filter(speaker=speaker, action="linked", other_name=name).exists():
        return
    SpeakerEvent.objects.create(
        speaker=speaker,
        action=SpeakerEvent.Action.LINKED,
        other_name=name,
        detail={"matched": key, "mention": (claim.speaker_mention or "")[:300]},
    )


def _create_speaker(claim: ExtractedClaim, kind: str) -> Speaker:
    name = visible_name(claim.speaker)[:300]
    stype = claim.speaker_type if claim.speaker_type in Speaker.Type.values else "other"
    try:
        with transaction.atomic():
            return Speaker.objects.create(name=name, kind=kind, speaker_type=stype)
    except IntegrityError:
        # Same canonical name stored by another article or another worker.
        return Speaker.objects.get(name=name)


def _add_aliases(speaker: Speaker, texts: list[str]) -> None:
    """Stores each spelling not stored yet (one query finds those already stored)."""
    wanted: dict[str, str] = {}
    for text in texts:
        text = visible_name(text)
        key = normalize_alias(text)
        if key and len(key) <= 80:
            wanted.setdefault(key, text)
    if not wanted:
        return
    stored = set(
        SpeakerAlias.objects.filter(normalized__in=wanted).values_list("normalized", flat=True)
    )
    for key, text in wanted.items():
        if key in stored:
            continue
        try:
            with transaction.atomic():
                SpeakerAlias.objects.create(speaker=speaker, alias=text[:300])
        except IntegrityError:
            pass  # another worker stored the spelling first; it names one speaker either way


# --- claims ---------------------------------------------------------------------------------


def _similar(a: str, b: str) -> bool:
    if a == b or a in b or b in a:
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.6


def match_claims(old: list[Claim], new: list[ExtractedClaim]) -> dict[int, Claim]:
    """new index -> old claim. Exact span first, then the same content elsewhere (the text
    was edited above it), then an overlapping span with similar content."""
    matched: dict[int, Claim] = {}
    free = {c.pk: c for c in old}
    by_span = {(c.start, c.end): c for c in old}
    for i, n in enumerate(new):
        c = by_span.get((n.start, n.end))
        if c is not None and c.pk in free:
            matched[i] = free.pop(c.pk)
    for i, n in enumerate(new):
        if i in matched:
            continue
        c = next((c for c in free.values() if c.content == n.content), None)
        if c is not None:
            matched[i] = free.pop(c.pk)
    for i, n in enumerate(new):
        if i in matched:
            continue
        # Text inserted or removed above shifts spans: compare against the old span moved by
        # the shift of the nearest claim already matched before this one.
        before = [j for j in matched if new[j].start <= n.start]
        shift = 0
        if before:
            j = max(before, key=lambda j: new[j].start)
            shift = new[j].start - matched[j].start
        best = None
        for c in free.values():
            ov = max(
                min(c.end, n.end) - max(c.start, n.start),
                min(c.end + shift, n.end) - max(c.start + shift, n.start),
            )
            if ov > 0 and _similar(c.content, n.content) and (best is None or ov > best[0]):
                best = (ov, c)
        if best is not None:
            matched[i] = free.pop(best[1].pk)
    return matched


def _apply(claim: Claim, n: ExtractedClaim, speaker: Speaker | None, scare: list[str]) -> None:
    claim.kind = n.kind
    claim.content = n.content
    claim.start, claim.end = n.start, n.end
    claim.speaker = speaker
    claim.speaker_sort = speaker_sort_key(speaker)  # bulk_create does not call Claim.save
    claim.speaker_mention = (n.speaker_mention or "")[:300]
    claim.speaker_start, claim.speaker_end = n.speaker_start, n.speaker_end
    claim.cue = (n.cue or "")[:100]
    claim.cue_start, claim.cue_end = n.cue_start, n.cue_end
    claim.cue_stance = n.cue_stance or ""
    claim.channel = (n.channel or "")[:200]
    claim.via = (n.via or "")[:200]
    claim.framing = {"hedges": n.hedges, "labels": n.labels, "scare_quotes": scare}
    claim.confidence = n.confidence
    claim.mode = n.mode
    claim.nested = n.nested
    claim.part_spans = n.part_spans


def _figure_rows(claim: Claim, n: ExtractedClaim, published) -> list[Figure]:
    """The claim's figures; a reference time is read against the article's date `published`."""
    from .figures import numeric_value, reference_date

    return [
        Figure(
            claim=claim,
            text=f["value"][:100],
            value=numeric_value(f["value"]),
            subject=(f["subject"] or "")[:200],
            low=_decimal(f.get("low")),
            high=_decimal(f.get("high")),
            approx=(f.get("approx") or "")[:40],
            measure=(f.get("measure") or "")[:60],
            counted=(f.get("counted") or "")[:100],
            as_of=(f.get("as_of") or "")[:100],
            reference_date=reference_date(f.get("as_of"), published),
        )
        for f in n.figures
    ]


def _decimal(number) -> Decimal | None:
    """A figure's bound as the model stores it (four places; none past 10^15)."""
    if number is None or abs(number) >= 10**15:
        return None
    return Decimal(str(number)).quantize(Decimal("0.0001"))


def relocate(claim: Claim, body: str, taken: set[tuple[int, int]]) -> int | None:
    """Where `claim`'s content now stands in `body` (the occurrence nearest its old start, on
    a span no other claim has), or None when the text no longer contains it."""
    best = None
    at = body.find(claim.content)
    while at >= 0:
        if (at, at + len(claim.content)) not in taken and (
            best is None or abs(at - claim.start) < abs(best - claim.start)
        ):
            best = at
        at = body.find(claim.content, at + 1)
    return best


def _shift_spans(claim: Claim, body: str, start: int) -> None:
    """Moves a re-linked claim to `start`; its speaker and cue spans move with it where the
    text there is unchanged, else they are dropped rather than left pointing elsewhere."""
    delta = start - claim.start
    claim.start, claim.end = start, start + len(claim.content)
    for field, text in (("speaker", claim.speaker_mention), ("cue", claim.cue)):
        a, b = getattr(claim, f"{field}_start"), getattr(claim, f"{field}_end")
        if a is None or b is None:
            continue
        a, b = a + delta, b + delta
        if not (0 <= a < b <= len(body)) or (text and body[a:b] != text):
            a = b = None
        setattr(claim, f"{field}_start", a)
        setattr(claim, f"{field}_end", b)


def _keep_vanished(article: Article, vanished: list[Claim], taken: set, result) -> list[Claim]:
    """Claims the new extraction no longer finds. Those without an editor's work are deleted;
    the others are re-linked to where their text still stands, or else superseded, and either
    way the change is written to their history. Returns the re-linked ones (to be saved once
    the span they take is free)."""
    with_events = set(
        ReviewEvent.objects.filter(claim__in=vanished).values_list("claim_id", flat=True)
    )
    worked = [
        c
        for c in vanished
        if c.pk in with_events
        or c.status != Claim.Status.UNREVIEWED
        or c.note
        or c.evidence_url
        or c.version > 1
    ]
    unworked = [c.pk for c in vanished if c not in worked]
    if unworked:
        Claim.objects.filter(pk__in=unworked).delete()
    result.removed = len(unworked)
    relinked, now = [], timezone.now()
    for claim in worked:
        start = relocate(claim, article.body, taken)
        if start is not None:
            taken.add((start, start + len(claim.content)))
            old = claim.start
            _shift_spans(claim, article.body, start)
            relinked.append(claim)
            note = (
                f"Re-linked by re-extraction: the text moved from character {old} to "
                f"{start}; the extractor no longer reads it as a claim."
            )
        else:
            claim.superseded_at = now
            Claim.objects.filter(pk=claim.pk).update(superseded_at=now)
            note = (
                "Superseded by re-extraction: the article's text no longer contains this "
                "claim; it is kept with its history."
            )
        # The status is unchanged; the event records what happened to the claim and when.
        ReviewEvent.objects.create(
            claim=claim, user=None, from_status=claim.status, to_status=claim.status, note=note
        )
        log.info("article %s claim %s: %s", article.pk, claim.pk, note)
    result.relinked, result.superseded = len(relinked), len(worked) - len(relinked)
    return relinked


def _revive(superseded: list[Claim], new: list[ExtractedClaim], matched: dict[int, Claim]):
    """A superseded claim whose text comes back (an edit undone) is matched again."""
    by_content = {}
    for claim in superseded:
        by_content.setdefault(claim.content, claim)
    for i, n in enumerate(new):
        if i not in matched and (claim := by_content.pop(n.content, None)) is not None:
            claim.superseded_at = None
            matched[i] = claim


def _speakers_of(new: list[ExtractedClaim], kinds: list) -> list[Speaker | None]:
    """Each claim's speaker. A speaker named the same way by several claims of the article is
    looked up once (find_or_create_speaker reads only these fields); names are read afresh at
    the end, as a later claim may have renamed a speaker an earlier one found."""
    found: dict[tuple, Speaker | None] = {}
    speakers = []
    for n, kind in zip(new, kinds, strict=True):
        key = (n.speaker, n.speaker_mention, n.speaker_type, kind)
        if key not in found:
            found[key] = find_or_create_speaker(n, kind)
        speakers.append(found[key])
    ids = {s.pk for s in speakers if s is not None}
    names = dict(Speaker.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for speaker in speakers:
        if speaker is not None:
            speaker.name = names.get(speaker.pk, speaker.name)
    return speakers


def _link_parents(new: list[ExtractedClaim], stored: list[Claim]) -> None:
    """The parent link of each nested claim and fragment: a position in the extraction's
    output becomes the stored claim at that position."""
    for n, claim in zip(new, stored, strict=True):
        parent_id = stored[n.parent].pk if n.parent is not None else None
        if claim.parent_id != parent_id:
            claim.parent_id = parent_id
            claim.save(update_fields=["parent"])


def store_analysis(article: Article, analysis: Analysis) -> ExtractionResult:
    """Writes one article's claims in one transaction; see match_claims for what is kept, and
    _keep_vanished for the claims the extraction no longer finds: an editor's work is never
    deleted."""
    result = ExtractionResult(article.pk)
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).first()
        stored_body = Article.objects.values_list("body", flat=True).get(pk=article.pk)
        if stored_body != article.body:
            # Edited while it was being analysed: these offsets are into the old text. The
            # edit enqueued another extraction, which reads the new one.
            raise RuntimeError("the article's text changed while it was extracted")
        claims = list(Claim.objects.filter(article=article))
        old = [c for c in claims if not c.superseded]
        new = analysis.claims
        matched = match_claims(old, new)
        _revive([c for c in claims if c.superseded], new, matched)
        kept = {c.pk for c in matched.values()}
        taken = {(n.start, n.end) for n in new}
        relinked = _keep_vanished(article, [c for c in old if c.pk not in kept], taken, result)
        # Claims whose span moves are parked out of the way first, so that swapping spans
        # never trips the one-claim-per-span constraint.
        moving = [
            (i, c) for i, c in matched.items() if (c.start, c.end) != (new[i].start, new[i].end)
        ]
        parked = [c for _, c in moving] + relinked
        for k, c in enumerate(parked):
            Claim.objects.filter(pk=c.pk).update(
                start=2_000_000_000 + 2 * k, end=2_000_000_001 + 2 * k, superseded_at=None
            )
        speakers = _speakers_of(new, analysis.speaker_kinds)
        stored: list[Claim] = []
        creating: list[Claim] = []
        for i, n in enumerate(new):
            claim = matched.get(i) or Claim(article=article)
            _apply(claim, n, speakers[i], analysis.scare_quotes[i])
            if claim.pk is None:
                creating.append(claim)
            else:
                claim.save(update_fields=[*EXTRACTED_FIELDS, "superseded_at"])
            stored.append(claim)
        # New claims in one INSERT, after the updates: every span they take is free by now
        # (moved claims were parked above, re-linked ones wait until the end).
        Claim.objects.bulk_create(creating)
        result.created, result.updated = len(creating), len(stored) - len(creating)
        published = local_date(article.published, article.published_zone)
        figures = [
            f
            for claim, n in zip(stored, new, strict=True)
            for f in _figure_rows(claim, n, published)
        ]
        _link_parents(new, stored)
        for claim in relinked:
            claim.save(update_fields=["start", "end", "speaker_start", "speaker_end",
                                      "cue_start", "cue_end", "superseded_at"])  # fmt: skip
        # The figures of the claims just written are replaced; a superseded or re-linked
        # claim keeps the figures it was stored with.
        Figure.objects.filter(claim__article=article).exclude(
            claim__in=[*relinked, *(c for c in claims if c.superseded and c.pk not in kept)]
        ).delete()
        Figure.objects.bulk_create(figures)
        same_claims.regroup_articles([article.pk])
        article.extraction_status = Article.Extraction.DONE
        article.extraction_error = ""
        article.extracted_at = timezone.now()
        article.save(update_fields=["extraction_status", "extraction_error", "extracted_at"])
    return result


def mark_failed(article: Article, exc: BaseException) -> str:
    reason = f"{type(exc).__name__}: {exc}"[:500]
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            extraction_status=Article.Extraction.FAILED, extraction_error=reason
        )
    article.extraction_status = Article.Extraction.FAILED
    article.extraction_error = reason
    return reason


def _analyse(doc):
    # Looked up at call time: `analyse` is the one analysis the store runs (tests replace it).
    return analyse(doc)


def _raise_failure(analysis: Analysis) -> None:
    if analysis.exception is not None:
        raise analysis.exception
    if analysis.error:
        raise TextRejected(analysis.error)


def extract_article(article: Article, *, nlp=None) -> ExtractionResult:
    """(Re)extracts one article. On failure the article is marked failed and the error raised,
    so a background task records it."""
    try:
        analysis = next(analyse_many([article.body], nlp=nlp, analyse_doc=_analyse))
        _raise_failure(analysis)
        return store_analysis(article, analysis)
    except Exception as exc:
        mark_failed(article, exc)
        raise


def extract_articles(
    articles: Iterable[Article],
    *,
    progress: Callable[[int, int, ExtractionResult], None] | None = None,
    nlp=None,
) -> list[ExtractionResult]:
    """Batch extraction through nlp.pipe. A failing article is marked failed and reported in
    its result; the others go on."""
    articles = list(articles)
    nlp = nlp or get_nlp()
    results = []
    bodies = (a.body for a in articles)
    analyses = analyse_many(bodies, nlp=nlp, batch_size=16, analyse_doc=_analyse)
    for n, article in enumerate(articles, 1):
        try:
            analysis = next(analyses)
            _raise_failure(analysis)
            result = store_analysis(article, analysis)
        except Exception as exc:
            log.exception("extraction failed for article %s", article.pk)
            result = ExtractionResult(article.pk, error=mark_failed(article, exc))
        results.append(result)
        if progress:
            progress(n, len(articles), result)
    return results
