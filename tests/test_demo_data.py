"""generate_demo_data: distinct, realistic articles whose claims hold at their offsets."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kzclaims.models import Article, Claim, Figure, ReviewEvent, SameClaimGroup, Speaker

pytestmark = pytest.mark.django_db


def test_generates_articles_whose_claims_speakers_and_cues_hold_at_their_offsets():
    out = io.StringIO()
    call_command("generate_demo_data", "--articles", "60", "--seed", "5", stdout=out)
    assert "Created 60 articles with" in out.getvalue()
    articles = {a.pk: a for a in Article.objects.all()}
    assert len(articles) == 60 and len({a.content_hash for a in articles.values()}) == 60
    assert len({a.outlet_id for a in articles.values()}) > 5
    claims = list(Claim.objects.all())
    assert len(claims) >= 8 * 60
    for claim in claims:
        body = articles[claim.article_id].body
        assert body[claim.start : claim.end] == claim.content
        assert body[claim.speaker_start : claim.speaker_end] == claim.speaker_mention
        assert body[claim.cue_start : claim.cue_end] == claim.cue
    assert {c.kind for c in claims} == {"direct", "indirect", "fragment"}
    assert Speaker.objects.filter(speaker_type="official").exists()
    for figure in Figure.objects.select_related("claim"):
        assert figure.text in figure.claim.content and figure.value is not None
    # Tagged claims carry their event, and the same statements met across outlets.
    tagged = Claim.objects.exclude(status="unreviewed")
    assert tagged.exists() and ReviewEvent.objects.count() == tagged.count()
    assert SameClaimGroup.objects.filter(outlet_count__gte=2).exists()


def test_a_second_run_adds_distinct_articles_and_reuses_speakers():
    call_command("generate_demo_data", "--articles", "10", stdout=io.StringIO())
    speakers = Speaker.objects.count()
    call_command("generate_demo_data", "--articles", "10", stdout=io.StringIO())
    assert Article.objects.count() == 20 and Speaker.objects.count() == speakers


def test_refuses_a_number_out_of_range():
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("generate_demo_data", "--articles", "0")


def test_group_same_claims_groups_claims_stored_before_the_groups_existed():
    call_command("generate_demo_data", "--articles", "30", stdout=io.StringIO())
    before = set(SameClaimGroup.objects.values_list("claim_count", "outlet_count"))
    Claim.objects.update(same_group=None)
    SameClaimGroup.objects.all().delete()
    call_command("group_same_claims", stdout=io.StringIO())
    assert set(SameClaimGroup.objects.values_list("claim_count", "outlet_count")) == before
