"""Resolving a disagreement: one conditional write with a "resolve" event, the double review
resolved with who and when, the editors' blind tags untouched; every refusal writes nothing."""

import pytest

from kzclaims.agreement import services
from kzclaims.agreement.report import agreement_report
from kzclaims.models import BlindReview, Claim, DoubleReview, ReviewEvent
from kzclaims.review.services import tag_claim
from tests.agreement.factories import blind_tag, double_review, make_assignment, make_claims
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def disagreement(editors, resolver):
    anna, boris, _ = editors
    assignment = make_assignment(resolver=resolver)
    claim = make_claims(1)[0]
    blind_tag(assignment, claim, anna, "verified", note="Confirmed by the ministry's site")
    blind_tag(assignment, claim, boris, "disputed", evidence_url="https://example.org/denial")
    return double_review(assignment, claim)


def snapshot_blind():
    return list(BlindReview.objects.order_by("pk").values())


def test_resolve_writes_the_claim_the_event_and_the_state_together(disagreement, resolver):
    blind_before = snapshot_blind()
    claim = services.resolve(
        double_review_id=disagreement.pk,
        user=resolver,
        status="disputed",
        note="The denial is the better source",
        expected_version=1,
    )
    assert claim.status == "disputed"
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.version, stored.reviewed_by) == ("disputed", 2, resolver)
    assert stored.note == "The denial is the better source"
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.action, event.user, event.from_status, event.to_status) == (
        "resolve",
        resolver,
        "unreviewed",
        "disputed",
    )
    assert event.note == "The denial is the better source"
    disagreement.refresh_from_db()
    assert disagreement.state == DoubleReview.State.RESOLVED
    assert disagreement.resolved_by == resolver
    assert disagreement.resolved_at is not None
    assert snapshot_blind() == blind_before  # never deleted nor rewritten


def test_agreement_figures_keep_the_original_tags_after_resolution(
    disagreement, resolver, admin_user
):
    before = agreement_report(admin_user).overall.pairs[0]
    services.resolve(
        double_review_id=disagreement.pk, user=resolver, status="verified", expected_version=1
    )
    after = agreement_report(admin_user).overall.pairs[0]
    assert after.confusion == before.confusion == [[0, 1, 0], [0, 0, 0], [0, 0, 0]]
    assert after.agreement.value == 0


def test_a_stale_version_is_refused_with_who_changed_what(disagreement, resolver, admin_user):
    tag_claim(
        claim_id=disagreement.claim_id, user=admin_user, status="verified", expected_version=1
    )
    with pytest.raises(services.StaleClaim, match="ada changed this claim to Verified"):
        services.resolve(
            double_review_id=disagreement.pk, user=resolver, status="disputed", expected_version=1
        )
    disagreement.refresh_from_db()
    assert disagreement.state == DoubleReview.State.DISAGREED
    assert not ReviewEvent.objects.filter(action="resolve").exists()


def test_only_the_resolver_or_an_admin_may_decide(disagreement, editors, admin_user):
    anna = editors[0]
    with pytest.raises(services.NotResolvable, match="resolver"):
        services.resolve(
            double_review_id=disagreement.pk, user=anna, status="verified", expected_version=1
        )
    other = make_user("otto", "editor")
    with pytest.raises(services.NotResolvable):
        services.resolve(
            double_review_id=disagreement.pk, user=other, status="verified", expected_version=1
        )
    assert Claim.objects.get(pk=disagreement.claim_id).version == 1
    services.resolve(
        double_review_id=disagreement.pk, user=admin_user, status="verified", expected_version=1
    )
    disagreement.refresh_from_db()
    assert disagreement.resolved_by == admin_user


def test_a_resolved_disagreement_is_not_decided_twice(disagreement, resolver, admin_user):
    services.resolve(
        double_review_id=disagreement.pk, user=resolver, status="verified", expected_version=1
    )
    with pytest.raises(services.NotResolvable, match="rosa resolved this disagreement"):
        services.resolve(
            double_review_id=disagreement.pk, user=admin_user, status="disputed", expected_version=2
        )
    assert ReviewEvent.objects.filter(action="resolve").count() == 1
    assert Claim.objects.get(pk=disagreement.claim_id).status == "verified"


@pytest.mark.parametrize("state", ["open", "agreed"])
def test_only_disagreements_are_resolved(disagreement, resolver, state):
    DoubleReview.objects.filter(pk=disagreement.pk).update(state=state)
    with pytest.raises(services.NotResolvable, match="no longer in disagreement"):
        services.resolve(
            double_review_id=disagreement.pk, user=resolver, status="verified", expected_version=1
        )
    assert not ReviewEvent.objects.exists()


@pytest.mark.parametrize("status", ["unreviewed", "maybe", ""])
def test_a_decision_is_one_of_the_three_tags(disagreement, resolver, status):
    with pytest.raises(services.NotResolvable, match="verified, disputed or official-only"):
        services.resolve(
            double_review_id=disagreement.pk, user=resolver, status=status, expected_version=1
        )
    assert not ReviewEvent.objects.exists()
