"""Generated articles for trying the app at a desk's volume (`generate_demo_data`).

Claims are synthesised from the generator's own sentence plan, not run through spaCy: every
sentence is built from a plan (speaker, cue, kind, statement), so the claim, its speaker mention
and its cue are known with their offsets as the body is written. A story's statements are
relayed by several outlets on nearby days, which is what the same-claim groups and the
official-only suggestion are about; speakers follow a long-tailed distribution, so one speaker
carries thousands of claims at 100,000, as a head of state does."""

import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kzclaims import same_claims
from kzclaims.models import (
    Article,
    Claim,
    Figure,
    ImportBatch,
    Outlet,
    ReviewEvent,
    Speaker,
    SpeakerAlias,
    content_hash,
    normalize_alias,
    speaker_sort_key,
)

# The word pools of the sentence plan: data, not code.
VOCABULARY = json.loads((Path(__file__).parent / "demo_vocabulary.json").read_text("utf-8"))
OUTLETS = [tuple(o) for o in VOCABULARY["outlets"]]
FIRST = VOCABULARY["first"]
LAST = VOCABULARY["last"]
ROLES = VOCABULARY["roles"]
TYPE_WEIGHTS = VOCABULARY["type_weights"]
ORGANISATIONS = [tuple(o) for o in VOCABULARY["organisations"]]
SUBJECTS = VOCABULARY["subjects"]
PLACES = VOCABULARY["places"]
PREDICATES = VOCABULARY["predicates"]
QUALIFIERS = VOCABULARY["qualifiers"]
MEASURES = [tuple(m) for m in VOCABULARY["measures"]]
CUES = [tuple(c) for c in VOCABULARY["cues"]]
LABELS = VOCABULARY["labels"]
HEADLINES = VOCABULARY["headlines"]
FILLER = VOCABULARY["filler"]


@dataclass
class _Statement:
    speaker: Speaker
    text: str
    figure: tuple[str, Decimal, str, str] | None = None  # as written, value, measure, place


@dataclass
class _Story:
    day: datetime
    subject: str
    place: str
    statements: list[_Statement] = field(default_factory=list)


@dataclass
class GenerationResult:
    articles: int = 0
    claims: int = 0
    figures: int = 0
    speakers: int = 0
    outlets: int = 0
    reviewed: int = 0


class _Writer:
    """Builds one body while recording the offsets of what it writes."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def write(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    @property
    def body(self) -> str:
        return "".join(self.parts)


def _outlets(rng) -> list[Outlet]:
    outlets = []
    for name, ownership in OUTLETS:
        outlet, _ = Outlet.objects.get_or_create(
            name=name, defaults={"ownership": ownership, "country": "Kazakhstan"}
        )
        outlets.append(outlet)
    return outlets


def _speakers(rng, count: int) -> tuple[list[Speaker], list[float]]:
    """`count` speakers (people and organisations) with their aliases, reused when they exist;
    weights fall with rank (Zipf-like), so the first few speak most."""
    wanted: list[tuple[str, str, str, str]] = [
        (name, "organisation", kind, "") for name, kind in ORGANISATIONS
    ]
    types = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    seen = {w[0] for w in wanted}
    while len(wanted) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            name = f"{name}-{rng.choice(LAST)}"
        if name in seen:
            continue
        seen.add(name)
        kind = rng.choices(types, weights)[0]
        wanted.append((name, "person", kind, rng.choice(ROLES[kind])))
    existing = {s.name: s for s in Speaker.objects.filter(name__in=[w[0] for w in wanted])}
    new = [
        Speaker(name=name, kind=kind, speaker_type=stype, affiliation=role)
        for name, kind, stype, role in wanted
        if name not in existing
    ]
    Speaker.objects.bulk_create(new)
    existing.update({s.name: s for s in Speaker.objects.filter(name__in=[w[0] for w in wanted])})
    speakers = [existing[w[0]] for w in wanted]
    taken = set(
        SpeakerAlias.objects.filter(
            normalized__in=[normalize_alias(s.name.split()[-1]) for s in speakers]
            + [normalize_alias(s.name) for s in speakers]
        ).values_list("normalized", flat=True)
    )
    aliases = []
    for speaker in speakers:
        for alias in (speaker.name, speaker.name.split()[-1]):
            key = normalize_alias(alias)
            if key and key not in taken:
                taken.add(key)
                aliases.append(SpeakerAlias(speaker=speaker, alias=alias, normalized=key))
    SpeakerAlias.objects.bulk_create(aliases)
    rng.shuffle(speakers)
    return speakers, [1 / (rank + 1) ** 0.85 for rank in range(len(speakers))]


def _statement(rng, story: _Story, speaker: Speaker) -> _Statement:
    """One statement: a subject (often the story's own), a predicate and a qualifier from large
    pools, so that two different statements rarely look alike; a third carry a figure."""
    subject = story.subject if rng.random() < 0.4 else rng.choice(SUBJECTS)
    place = story.place if rng.random() < 0.3 else rng.choice(PLACES)
    figure = None
    if rng.random() < 0.3:
        unit, measure = rng.choice(MEASURES)
        n = rng.choice([rng.randint(2, 99), rng.randint(100, 9999), rng.randint(10_000, 90_000)])
        shown = f"{n:,}"
        text = f"{shown} {unit} in {place} {rng.choice(PREDICATES)} {rng.choice(QUALIFIERS)}"
        figure = (shown, Decimal(n), measure, place)
    else:
        text = f"{subject} in {place} {rng.choice(PREDICATES)} {rng.choice(QUALIFIERS)}"
    return _Statement(speaker=speaker, text=text[0].upper() + text[1:], figure=figure)


def _stories(rng, n_articles, speakers, weights, start: datetime, days: int) -> list[_Story]:
    stories = []
    for _ in range(max(1, n_articles // 3)):
        story = _Story(
            day=start + timedelta(days=rng.randrange(days)),
            subject=rng.choice(SUBJECTS),
            place=rng.choice(PLACES),
        )
        cast = rng.choices(speakers, weights, k=rng.randint(2, 4))
        for _ in range(rng.randint(4, 8)):
            story.statements.append(_statement(rng, story, rng.choice(cast)))
        stories.append(story)
    return stories


def _sentence(rng, w: _Writer, st: _Statement, outlet_seed: int) -> dict:
    """Writes one reported sentence and returns the claim fields with their offsets."""
    cue, stance = rng.choice(CUES)
    speaker = st.speaker
    mention = speaker.name if rng.random() < 0.6 else speaker.name.split()[-1]
    if speaker.affiliation and rng.random() < 0.5:
        mention_text = f"{speaker.affiliation.capitalize()} {speaker.name}"
    else:
        mention_text = mention
    kind = rng.choices(["direct", "indirect", "fragment"], [5, 4, 1])[0]
    fields = {"kind": kind, "cue": cue, "cue_stance": stance, "speaker": speaker,
              "speaker_sort": speaker_sort_key(speaker)}  # fmt: skip
    if kind == "direct":
        w.write("“")
        start, end = w.write(st.text)
        w.write(",” ")
        ms, me = w.write(mention_text)
        w.write(" ")
        cs, ce = w.write(cue)
        w.write(". ")
    elif kind == "indirect":
        ms, me = w.write(mention_text)
        w.write(" ")
        cs, ce = w.write(cue)
        w.write(" that ")
        start, end = w.write(st.text[0].lower() + st.text[1:])
        w.write(". ")
    else:
        words = st.text.split()
        cut = max(2, len(words) // 2)
        ms, me = w.write(mention_text)
        w.write(" ")
        cs, ce = w.write(cue)
        w.write(" that " + " ".join(words[:cut]).lower() + " was “")
        start, end = w.write(" ".join(words[cut:]))
        w.write("”. ")
    label = rng.choice(LABELS) if rng.random() < 0.2 else None
    if label:
        w.write(f"The {label} were mentioned by name. ")
    fields.update(
        content=w.body[start:end],
        start=start,
        end=end,
        speaker_mention=w.body[ms:me],
        speaker_start=ms,
        speaker_end=me,
        cue_start=cs,
        cue_end=ce,
        framing={"labels": [label]} if label else {},
        confidence=round(rng.uniform(0.35, 0.98), 3),
    )
    return fields


def generate(*, articles: int, seed: int = 1, batch: int = 500, progress=None) -> GenerationResult:
    """Adds `articles` new generated articles with their claims, figures and speakers; about a
    tenth of the claims carry an editor's tag with its review event."""
    rng = random.Random(seed)
    result = GenerationResult()
    outlets = _outlets(rng)
    result.outlets = len(outlets)
    n_speakers = max(20, min(2000, articles // 5))
    speakers, weights = _speakers(rng, n_speakers)
    result.speakers = len(speakers)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    days = max(30, articles // 14)
    stories = _stories(rng, articles, speakers, weights, start, days)
    import_batch = ImportBatch.objects.create(
        source=f"generate_demo_data --articles {articles} --seed {seed}"
    )
    now = timezone.now()
    run = hashlib.sha256(f"{seed}:{now.isoformat()}".encode()).hexdigest()[:8]
    # Articles in date order, so that each batch's same-claim candidates lie in a short window.
    schedule = sorted((rng.choice(stories) for _ in range(articles)), key=lambda s: s.day)
    done = 0
    while done < articles:
        size = min(batch, articles - done)
        plans = []
        for k in range(size):
            n = done + k + 1
            story = schedule[n - 1]
            outlet = rng.choice(outlets)
            published = story.day + timedelta(hours=rng.randint(0, 60), minutes=rng.randrange(60))
            w = _Writer()
            w.write(f"{story.place.upper()}, {published:%d %B} ({outlet.name}) - ")
            claims = []
            picked = rng.sample(story.statements, k=min(len(story.statements), rng.randint(3, 6)))
            extra = [_statement(rng, story, rng.choices(speakers, weights)[0]) for _ in range(7)]
            for st in picked + extra[: rng.randint(5, 7)]:
                claims.append((_sentence(rng, w, st, n), st.figure))
                if rng.random() < 0.3:
                    w.write(rng.choice(FILLER) + " ")
                if rng.random() < 0.25:
                    w.write("\n\n")
            w.write(f"\n\n[{outlet.name} report {run}-{n}]")
            lead = claims[0][0]["speaker"].name
            title = rng.choice(HEADLINES).format(
                Subject=story.subject[0].upper() + story.subject[1:],
                subject=story.subject,
                place=story.place,
                speaker=lead,
            )
            plans.append((outlet, title, published, w.body, claims))
        with transaction.atomic():
            rows = []
            for outlet, title, published, body, _ in plans:
                article = Article(
                    outlet=outlet,
                    title=title,
                    published=published,
                    url=f"https://example.org/{outlet.slug}/{run}-{done + len(rows) + 1}",
                    body=body,
                    import_batch=import_batch,
                    extraction_status=Article.Extraction.DONE,
                    extracted_at=now,
                )
                article.content_hash = content_hash(body)
                rows.append(article)
            Article.objects.bulk_create(rows)
            claim_rows, figure_plan = [], []
            for article, (*_, claims) in zip(rows, plans, strict=True):
                for fields, figure in claims:
                    claim = Claim(article=article, **fields)
                    claim_rows.append(claim)
                    figure_plan.append(
                        figure if figure and figure[0] in fields["content"] else None
                    )
            tagged = _plan_reviews(rng, claim_rows, now)
            Claim.objects.bulk_create(claim_rows, batch_size=2000)
            ReviewEvent.objects.bulk_create(
                [
                    ReviewEvent(
                        claim=c, from_status="unreviewed", to_status=c.status, created_at=now
                    )
                    for c in tagged
                ],
                batch_size=2000,
            )
            result.reviewed += len(tagged)
            figures = [
                # A measurement as the extraction stores it: an exact value of a measure, who
                # is counted (the place), dated by the article's day.
                Figure(
                    claim=claim,
                    text=f[0],
                    value=f[1],
                    subject=f[2],
                    measure=f[2],
                    counted=f[3],
                    low=f[1],
                    high=f[1],
                    reference_date=claim.article.published.date(),
                )
                for claim, f in zip(claim_rows, figure_plan, strict=True)
                if f
            ]
            Figure.objects.bulk_create(figures, batch_size=2000)
            same_claims.regroup_articles([a.pk for a in rows])
        result.articles += len(rows)
        result.claims += len(claim_rows)
        result.figures += len(figures)
        done += size
        if progress:
            progress(result)
    return result


def _plan_reviews(rng, claims: list[Claim], now) -> list[Claim]:
    """About a tenth of the claims tagged as an editor would (each gets its review event)."""
    tagged = []
    for claim in claims:
        if rng.random() < 0.1:
            claim.status = rng.choice(["verified", "disputed", "official_only"])
            claim.reviewed_at, claim.version = now, 2
            tagged.append(claim)
    return tagged
