"""Review fixtures: articles, speakers and claims made directly (never by the extractor), with
offsets that match the article body."""

import itertools
from decimal import Decimal

import pytest

from kzclaims import same_claims
from kzclaims.models import Article, Claim, Figure, Outlet, Speaker, SpeakerAlias

_counter = itertools.count(1)


BODY = (
    "ALMATY, Jan 10 (Interfax) - Kazakh President Kassym-Jomart Tokayev said the situation "
    "has stabilized in all regions. “Constitutional order has been restored,” Tokayev stressed. "
    "The Interior Ministry said that 5,969 people have been detained. Protesters claimed the "
    "rallies were “peaceful”, according to local media. A CSTO adviser warned that “terrorists” "
    "were still active."
)


def make_outlet(name=None):
    name = name or f"Outlet {next(_counter)}"
    return Outlet.objects.get_or_create(name=name)[0]


def make_speaker(name=None, speaker_type=Speaker.Type.OFFICIAL, aliases=()):
    speaker = Speaker.objects.create(
        name=name or f"Speaker {next(_counter)}", speaker_type=speaker_type
    )
    for alias in aliases:
        SpeakerAlias.objects.create(speaker=speaker, alias=alias)
    return speaker


def make_article(outlet=None, body=BODY, title=None, published="2022-01-10T09:00:00Z"):
    n = next(_counter)
    return Article.objects.create(
        outlet=outlet or make_outlet(),
        title=title or f"Article {n}",
        body=f"{body}\n[{n}]",  # the content hash is unique per article
        published=published,
    )


def make_claim(
    article,
    content,
    *,
    speaker=None,
    kind=Claim.Kind.DIRECT,
    cue="",
    mention="",
    stance="",
    occurrence=0,
    figures=(),
    regroup=True,
    **extra,
):
    """A claim whose offsets are found in the article body: body[start:end] == content.
    `regroup=False` leaves the same-statement groups to the caller, who regroups once after
    making several claims (regrouping after each is quadratic in the article's claims)."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(content, start + 1)
    end = start + len(content)
    fields = {}
    if cue:
        cue_start = article.body.find(cue, max(0, start - 60))
        if cue_start >= 0:
            fields.update(cue=cue, cue_start=cue_start, cue_end=cue_start + len(cue))
    if mention:
        m_start = article.body.find(mention, max(0, start - 120))
        if m_start >= 0:
            fields.update(
                speaker_mention=mention, speaker_start=m_start, speaker_end=m_start + len(mention)
            )
    claim = Claim.objects.create(
        article=article,
        speaker=speaker,
        kind=kind,
        content=content,
        start=start,
        end=end,
        cue_stance=stance,
        **fields,
        **extra,
    )
    for text, value, subject in figures:
        Figure.objects.create(claim=claim, text=text, value=Decimal(value), subject=subject)
    if regroup:
        same_claims.regroup_articles([article.pk])  # as the extraction store does
    return claim


def make_claims(n, article=None, speaker=None):
    """n distinct claims in one article (each a short span of a long body)."""
    words = [f"claim{i:04d} said something" for i in range(n)]
    article = article or make_article(body=". ".join(words))
    claims = [
        make_claim(
            article, w, speaker=speaker, kind=Claim.Kind.INDIRECT, stance="neutral", regroup=False
        )
        for w in words
    ]
    same_claims.regroup_articles([article.pk])  # once, as the extraction store does
    return claims


@pytest.fixture
def review_data(db):
    """One article of each of two outlets, with direct, indirect and nested fragment claims,
    speakers of several types and figures that disagree across outlets."""
    interfax, tass = make_outlet("Interfax"), make_outlet("TASS")
    tokayev = make_speaker(
        "Kassym-Jomart Tokayev", aliases=["Tokayev", "Kazakh President Kassym-Jomart Tokayev"]
    )
    ministry = make_speaker("Interior Ministry of Kazakhstan")
    protesters = make_speaker("Protesters", Speaker.Type.PUBLIC)
    adviser = make_speaker("CSTO adviser", Speaker.Type.EXPERT)
    claims = []
    for outlet, detained in ((interfax, "5,969"), (tass, "7,939")):
        body = BODY.replace("5,969", detained)
        article = make_article(outlet, body, title=f"Situation stabilizes ({outlet.name})")
        claims += [
            make_claim(
                article,
                "the situation has stabilized in all regions",
                speaker=tokayev,
                kind=Claim.Kind.INDIRECT,
                cue="said",
                stance="neutral",
                mention="Kazakh President Kassym-Jomart Tokayev",
            ),
            make_claim(
                article,
                "Constitutional order has been restored",
                speaker=tokayev,
                cue="stressed",
                stance="assertive",
                mention="Tokayev",
            ),
            make_claim(
                article,
                f"{detained} people have been detained",
                speaker=ministry,
                kind=Claim.Kind.INDIRECT,
                cue="said",
                stance="neutral",
                mention="The Interior Ministry",
                figures=[(detained, detained.replace(",", ""), "people detained")],
            ),
            make_claim(
                article,
                "the rallies were “peaceful”, according to local media",
                speaker=protesters,
                kind=Claim.Kind.INDIRECT,
                cue="claimed",
                stance="distancing",
                mention="Protesters",
                framing={"labels": ["protesters"], "scare_quotes": ["peaceful"]},
            ),
            make_claim(
                article,
                "peaceful",
                speaker=protesters,
                kind=Claim.Kind.FRAGMENT,
                stance="distancing",
            ),
            make_claim(
                article,
                "“terrorists” were still active",
                speaker=adviser,
                kind=Claim.Kind.INDIRECT,
                cue="warned",
                stance="directive",
                mention="A CSTO adviser",
                framing={"labels": ["terrorists"]},
            ),
        ]
    return claims
