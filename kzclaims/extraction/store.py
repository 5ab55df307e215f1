"""Storing extracted claims: idempotent re-extraction of an article that keeps editors' work,
and speakers found or created through their aliases."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import IntegrityError, transaction
from django.utils import timezone

from kzclaims import same_claims
from kzclaims.models import (
    Article,
    Claim,
    Figure,
    Speaker,
    SpeakerAlias,
    normalize_alias,
)

from . import lexicon
from .pipeline import Analysis, ExtractedClaim, analyse, get_nlp
from .speakers import PRONOUNS

log = logging.getLogger(__name__)

# Fields the extraction owns; the review fields (status, note, evidence, reviewer, version) and
# the events are the editors' and survive re-extraction.
EXTRACTED_FIELDS = (
    "kind", "content", "start", "end", "speaker", "speaker_mention", "speaker_start",
    "speaker_end", "cue", "cue_start", "cue_end", "cue_stance", "channel", "via", "framing",
    "confidence",
)  # fmt: skip


@dataclass
class ExtractionResult:
    article_id: int
    created: int = 0
    updated: int = 0
    removed: int = 0
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
    return [k for k in dict.fromkeys(keys) if k]


def _alias_candidates(claim: ExtractedClaim, kind: str) -> list[str]:
    keys = _variants(claim.speaker or "", kind)
    mention = claim.speaker_mention or ""
    canon = normalize_alias(claim.speaker or "")
    # Only mentions that spell the name out become aliases: "the bank" must not come to mean
    # one bank everywhere.
    if mention and mention.lower() not in PRONOUNS and canon and canon in normalize_alias(mention):
        keys.append(normalize_alias(mention))
    return list(dict.fromkeys(keys))


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
    alias = SpeakerAlias.objects.filter(normalized__in=keys).select_related("speaker").first()
    speaker = alias.speaker if alias else None
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
    spellings = {normalize_alias(claim.speaker): claim.speaker}
    if claim.speaker_mention:
        spellings.setdefault(normalize_alias(claim.speaker_mention), claim.speaker_mention)
    for key in keys:
        _add_alias(speaker, spellings.get(key, key))
    return speaker


def _create_speaker(claim: ExtractedClaim, kind: str) -> Speaker:
    name = claim.speaker.strip()[:300]
    stype = claim.speaker_type if claim.speaker_type in Speaker.Type.values else "other"
    try:
        with transaction.atomic():
            return Speaker.objects.create(name=name, kind=kind, speaker_type=stype)
    except IntegrityError:
        # Same canonical name stored by another article or another worker.
        return Speaker.objects.get(name=name)


def _add_alias(speaker: Speaker, text: str) -> None:
    key = normalize_alias(text)
    if not key or len(key) > 80 or SpeakerAlias.objects.filter(normalized=key).exists():
        return
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
    claim.speaker_mention = (n.speaker_mention or "")[:300]
    claim.speaker_start, claim.speaker_end = n.speaker_start, n.speaker_end
    claim.cue = (n.cue or "")[:100]
    claim.cue_start, claim.cue_end = n.cue_start, n.cue_end
    claim.cue_stance = n.cue_stance or ""
    claim.channel = (n.channel or "")[:200]
    claim.via = (n.via or "")[:200]
    claim.framing = {"hedges": n.hedges, "labels": n.labels, "scare_quotes": scare}
    claim.confidence = n.confidence


def _figure_rows(claim: Claim, n: ExtractedClaim) -> list[Figure]:
    from .figures import numeric_value

    return [
        Figure(
            claim=claim,
            text=f["value"][:100],
            value=numeric_value(f["value"]),
            subject=(f["subject"] or "")[:200],
        )
        for f in n.figures
    ]


def store_analysis(article: Article, analysis: Analysis) -> ExtractionResult:
    """Writes one article's claims in one transaction; see match_claims for what is kept."""
    result = ExtractionResult(article.pk)
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).first()
        old = list(Claim.objects.filter(article=article))
        new = analysis.claims
        matched = match_claims(old, new)
        kept = {c.pk for c in matched.values()}
        vanished = [c.pk for c in old if c.pk not in kept]
        if vanished:
            Claim.objects.filter(pk__in=vanished).delete()
        result.removed = len(vanished)
        # Claims whose span moves are parked out of the way first, so that swapping spans
        # never trips the one-claim-per-span constraint.
        moving = [
            (i, c) for i, c in matched.items() if (c.start, c.end) != (new[i].start, new[i].end)
        ]
        for k, (_, c) in enumerate(moving):
            Claim.objects.filter(pk=c.pk).update(
                start=2_000_000_000 + 2 * k, end=2_000_000_001 + 2 * k
            )
        figures: list[Figure] = []
        for i, n in enumerate(new):
            speaker = find_or_create_speaker(n, analysis.speaker_kinds[i])
            claim = matched.get(i) or Claim(article=article)
            creating = claim.pk is None
            _apply(claim, n, speaker, analysis.scare_quotes[i])
            if creating:
                claim.save()
                result.created += 1
            else:
                claim.save(update_fields=list(EXTRACTED_FIELDS))
                result.updated += 1
            figures.extend(_figure_rows(claim, n))
        Figure.objects.filter(claim__article=article).delete()
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


def extract_article(article: Article, *, nlp=None) -> ExtractionResult:
    """(Re)extracts one article. On failure the article is marked failed and the error raised,
    so a background task records it."""
    try:
        doc = (nlp or get_nlp())(article.body)
        return store_analysis(article, analyse(doc))
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
    docs = nlp.pipe((a.body for a in articles), batch_size=16)
    for n, article in enumerate(articles, 1):
        try:
            doc = next(docs)
            result = store_analysis(article, analyse(doc))
        except Exception as exc:
            log.exception("extraction failed for article %s", article.pk)
            result = ExtractionResult(article.pk, error=mark_failed(article, exc))
        results.append(result)
        if progress:
            progress(n, len(articles), result)
    return results
