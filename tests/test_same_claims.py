"""The one definition of "the same claim" and the stored groups that follow from it."""

import pytest

from kzclaims import same_claims
from kzclaims.comparison import selectors
from kzclaims.comparison.filters import CompareFilters
from kzclaims.models import Claim, SameClaimGroup, Speaker

from .review.conftest import make_article, make_claim, make_outlet, make_speaker

pytestmark = pytest.mark.django_db

ORDER = "Constitutional order has been restored in every region"


def test_definition_lowers_the_threshold_for_the_same_speaker():
    a = same_claims.content_tokens("The troops will leave Kazakhstan within ten days")
    b = same_claims.content_tokens("Troops leave Kazakhstan in two days, officials said")
    assert not same_claims.is_same(a, 1, b, 2)
    assert same_claims.is_same(a, 1, b, 1)


def test_the_same_claim_in_two_outlets_is_one_group_counted_by_outlet():
    ministry = make_speaker("Ministry")
    first = make_claim(make_article(make_outlet("TASS"), body=ORDER), ORDER, speaker=ministry)
    second = make_claim(make_article(make_outlet("Wire"), body=ORDER), ORDER, speaker=ministry)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.same_group_id and first.same_group_id == second.same_group_id
    group = SameClaimGroup.objects.get()
    assert (group.outlet_count, group.claim_count, group.label) == (2, 2, "Ministry")
    _, rows = selectors.same_statement_groups(CompareFilters())
    assert sorted(c.article.outlet.name for c in rows[0]["members"]) == ["TASS", "Wire"]


def test_claims_far_apart_in_time_are_not_compared():
    make_claim(make_article(body=ORDER, published="2022-01-10T09:00Z"), ORDER)
    late = make_claim(make_article(body=ORDER, published="2022-03-10T09:00Z"), ORDER)
    late.refresh_from_db()
    assert late.same_group_id is None and not SameClaimGroup.objects.exists()


def test_a_claim_that_bridges_two_groups_merges_them_and_restoring_regroups():
    one = "alpha bravo charlie delta echo"
    two = "foxtrot golf hotel india juliet"
    bridge = f"{one} {two}"
    articles = [make_article(body=text) for text in (one, one, two, two)]
    for article, text in zip(articles, (one, one, two, two), strict=True):
        make_claim(article, text)
    assert SameClaimGroup.objects.count() == 2
    # Jaccard 5/10 with each side: the bridge is the same claim as both.
    make_claim(make_article(body=bridge), bridge)
    assert SameClaimGroup.objects.count() == 1
    assert SameClaimGroup.objects.get().claim_count == 5
    # The bridge is stored again with other content: it leaves; the group is not split.
    bridging = Claim.objects.get(content=bridge)
    Claim.objects.filter(pk=bridging.pk).update(content="nothing in common at all")
    same_claims.regroup_articles([bridging.article_id])
    bridging.refresh_from_db()
    assert bridging.same_group_id is None
    assert SameClaimGroup.objects.get().claim_count == 4


def test_official_only_is_suggested_from_the_stored_group():
    official, resident = make_speaker("Ministry"), make_speaker("Resident", Speaker.Type.PUBLIC)
    a = make_claim(make_article(body=ORDER), ORDER, speaker=official)
    b = make_claim(make_article(body=ORDER), ORDER, speaker=official)
    claims = list(Claim.objects.select_related("speaker"))
    assert same_claims.official_only_suggestions(claims) == {a.pk, b.pk}
    make_claim(make_article(body=ORDER), ORDER, speaker=resident)
    claims = list(Claim.objects.select_related("speaker"))
    assert same_claims.official_only_suggestions(claims) == set()
