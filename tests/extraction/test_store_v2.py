"""Storing the v2 contract fields: mode, nested claims and fragments linked to their parent,
split quotations with their parts; the queue's default of top-level speech."""

import pytest

from kzclaims.claim_filters import claims_from_query
from kzclaims.extraction.store import extract_article
from kzclaims.models import Article, Claim, Outlet

pytestmark = pytest.mark.django_db

BODY = (
    "Tokayev said the committee reported that 20 buildings were damaged.\n\n"
    '"The dam is safe for now," engineer Maria Lopez said. "But we will keep watching it."\n\n'
    'Senator Paul Grant said the blackout was "an act of deliberate sabotage" by rivals.\n\n'
    "The mayor thinks the market will recover soon.\n"
)


@pytest.fixture
def article():
    outlet = Outlet.objects.create(name="Wire")
    article = Article.objects.create(outlet=outlet, title="T", body=BODY)
    extract_article(article)
    return article


def test_new_fields_are_stored_and_offsets_hold(article):
    claims = list(article.claims.order_by("start"))
    for claim in claims:
        claim.full_clean()  # the content matches the offsets (or the parts) in the body
    nested = Claim.objects.get(article=article, nested=True)
    assert nested.parent.content == "the committee reported that 20 buildings were damaged"
    fragment = Claim.objects.get(article=article, kind="fragment")
    assert fragment.parent.kind == "indirect" and not fragment.nested
    assert fragment.content == "an act of deliberate sabotage"
    split = Claim.objects.get(article=article, kind="direct")
    assert [BODY[a:b] for a, b in split.part_spans] == [
        "The dam is safe for now",
        "But we will keep watching it.",
    ]
    assert Claim.objects.get(article=article, cue="thinks").mode == "thought"


def test_reextraction_keeps_the_links(article):
    before = {c.pk: c.parent_id for c in article.claims.all()}
    extract_article(article)
    assert {c.pk: c.parent_id for c in article.claims.all()} == before


def test_queue_shows_top_level_speech_by_default_and_thought_on_request(article):
    def contents(query):
        form, claims = claims_from_query(query)
        assert not form.errors
        return {c.content for c in claims}

    default = contents({})
    assert "that 20 buildings were damaged" not in default  # nested: read inside its parent
    assert "an act of deliberate sabotage" not in default  # a fragment of its clause
    assert "the market will recover soon" not in default
    assert contents({"mode": "thought"}) == {"the market will recover soon"}
    everything = contents({"mode": "any", "nested": "on"})
    assert {"that 20 buildings were damaged", "an act of deliberate sabotage"} <= everything
    assert "the market will recover soon" in everything
