"""General properties on the seed articles (loaded from the project's fixtures): every direct
quotation has a speaker, pronoun speakers are resolved, and no scare quote or quoted name is
a claim."""

import json
import re

import pytest
from django.conf import settings

from kzclaims.extraction.pipeline import analyse
from kzclaims.extraction.speakers import PRONOUNS, is_vague
from kzclaims.extraction.store import extract_articles
from kzclaims.models import Claim

from .conftest import assert_offsets

SHORT_QUOTE = re.compile(r"[\"\u201c\u00ab]([^\"\u201d\u00bb\n]{1,40})[\"\u201d\u00bb]")


@pytest.fixture(scope="module")
def analyses(nlp):
    """The seed texts read straight from the fixture file: analysing them needs no database
    (and a module-wide load outside the tests' transactions would leak into other tests)."""
    rows = json.loads((settings.FIXTURE_DIRS[0] / "articles.json").read_text(encoding="utf-8"))
    bodies = [row["fields"]["body"] for row in sorted(rows, key=lambda row: row["pk"])]
    return [(body, analyse(nlp(body))) for body in bodies]


def test_every_direct_quotation_has_a_speaker(analyses):
    for body, result in analyses:
        for claim in result.claims:
            if claim.kind == "direct":
                assert claim.speaker_mention, (body[:40], claim.content[:60])
                # A group described ("local media") stays a description, not a speaker.
                assert claim.speaker or is_vague(claim.speaker_mention), claim


def test_pronoun_speakers_are_resolved(analyses):
    pronoun_claims = 0
    for _, result in analyses:
        for claim in result.claims:
            if (claim.speaker_mention or "").lower() in PRONOUNS:
                pronoun_claims += 1
                assert claim.speaker and claim.speaker.lower() not in PRONOUNS, claim
    assert pronoun_claims >= 5


def test_no_scare_quote_is_a_claim(analyses):
    """A quoted term of up to three words (a scare quote, a name, a label) is never a claim's
    content on its own."""
    for body, result in analyses:
        # A quoted phrase recorded as a fragment of the clause it stands in is not on its own.
        spans = {(c.start, c.end) for c in result.claims if c.parent is None}
        for m in SHORT_QUOTE.finditer(body):
            if len(m.group(1).split()) <= 3:
                assert (m.start(1), m.end(1)) not in spans, m.group(0)
        assert all(
            len(c.content.split()) > 3
            for c in result.claims
            if c.kind != "indirect" and c.parent is None
        )


def test_every_seed_yields_claims_with_valid_offsets(analyses):
    for body, result in analyses:
        assert len(result.claims) >= 5
        for c in result.claims:
            assert_offsets(body, c)


@pytest.mark.django_db
def test_seeds_store_twice_without_duplicates(seeds):
    first = extract_articles(seeds)
    count = Claim.objects.count()
    second = extract_articles(seeds)
    assert all(r.ok for r in first + second)
    assert Claim.objects.count() == count
    assert sum(r.created for r in second) == 0


def test_seeds_read_cleanly_as_an_editor_reads_them(analyses):
    """No claim reported inside another is also a top-level claim, no bare infinitive (an
    order or an intention) is a claim, no split quotation loses a part, and the page's
    furniture never speaks."""
    for _body, result in analyses:
        top = [c for c in result.claims if c.parent is None]
        for c in top:
            assert not re.match(r"to [a-z]+\b", c.content), c.content
            for p in top:
                if p is not c and c.cue_start is not None and c.kind != "direct":
                    inside = any(
                        a <= c.cue_start < b for a, b in (p.part_spans or [[p.start, p.end]])
                    )
                    assert not inside, (c.content, p.content)
            if c.part_spans:
                assert len(c.part_spans) >= 2
            assert (c.speaker or "").lower() not in ("read more", "watch", "related")
