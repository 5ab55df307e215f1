"""The blind rule on every surface a client can request: an editor never sees another editor's
blind tag, note or evidence on a claim before submitting their own — pages, partials requested
directly, exports, the speaker and compare pages — while admins and the resolver do."""

import pytest
from django.urls import reverse

from kzclaims.models import Claim
from kzclaims.team import services

from .conftest import assign

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SECRET_NOTE = "SECRET-NOTE-OF-ALICE"
SECRET_URL = "https://alice.example/secret-evidence"


@pytest.fixture
def blind_claim(boss, alice, bob, review_data):
    claim = review_data[1]  # "Constitutional order has been restored", Interfax
    assign(boss, [alice, bob], [claim], reviews=2, resolver=None)
    services.blind_tag(
        claim_id=claim.pk, user=alice, status="disputed", note=SECRET_NOTE, evidence_url=SECRET_URL
    )
    return claim


def surfaces(claim):
    row = reverse("review:claim_row", args=[claim.pk])
    panel = reverse("review:claim_panel", args=[claim.pk])
    return [
        (reverse("review:queue"), {}),
        (reverse("review:queue") + "?assigned=", {}),
        (reverse("review:queue") + "?assigned=me", {}),
        (reverse("review:queue") + "?assigned=me", {**HTMX, "HX-Target": "results"}),
        (reverse("review:claim", args=[claim.pk]), {}),
        (row, HTMX),
        (row, {}),
        (panel, HTMX),
        (panel, {}),
        (reverse("review:article", args=[claim.article_id]), {}),
        (reverse("review:speaker", args=[claim.speaker_id]), {}),
        (reverse("comparison:compare"), {}),
        (reverse("exports:csv"), {}),
        (reverse("exports:csv") + "?assigned=me", {}),
        (reverse("exports:jsonl"), {}),
        (reverse("exports:claimreview"), {}),
        (reverse("exports:factcheck"), {}),
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def leaks(client, claim):
    """The surfaces whose answer shows Alice's blind review to the client's user."""
    found = []
    for url, headers in surfaces(claim):
        response = client.get(url, follow=True, headers=headers)
        assert response.status_code == 200, url
        html = body(response)
        if SECRET_NOTE in html or "alice.example" in html or "alice:" in html:
            found.append(url)
    return found


def test_the_other_reviewer_sees_nothing_of_alices_blind_review_anywhere(client, bob, blind_claim):
    client.force_login(bob)
    assert leaks(client, blind_claim) == []
    # Bob's row says the claim is his to review blind, with nothing of Alice's.
    html = client.get(reverse("review:claim_row", args=[blind_claim.pk]), headers=HTMX)
    assert "not tagged by you yet" in html.content.decode()
    assert "blind-others" not in html.content.decode()


def test_an_editor_outside_the_review_sees_nothing_either(client, carol, blind_claim):
    client.force_login(carol)
    assert leaks(client, blind_claim) == []


def test_alice_sees_her_own_and_admins_see_it(client, alice, boss, blind_claim):
    client.force_login(alice)
    html = client.get(reverse("review:claim", args=[blind_claim.pk])).content.decode()
    assert SECRET_NOTE in html and "your tag:" in html
    client.force_login(boss)
    html = client.get(reverse("review:claim", args=[blind_claim.pk])).content.decode()
    assert SECRET_NOTE in html and "alice:" in html
    # ... never through the exports, which hold only the claims' own fields.
    assert SECRET_NOTE not in body(client.get(reverse("exports:jsonl")))


def test_the_assignments_resolver_sees_it(client, boss, alice, bob, carol, review_data):
    claim = review_data[2]
    assign(boss, [alice, bob], [claim], reviews=2, resolver=carol)
    services.blind_tag(claim_id=claim.pk, user=alice, status="verified", note=SECRET_NOTE)
    client.force_login(carol)
    assert SECRET_NOTE in client.get(reverse("review:claim", args=[claim.pk])).content.decode()


def test_once_bob_has_tagged_he_sees_alices_review(client, bob, blind_claim):
    services.blind_tag(claim_id=blind_claim.pk, user=bob, status="verified", note="bob's view")
    client.force_login(bob)
    html = client.get(reverse("review:claim", args=[blind_claim.pk])).content.decode()
    assert SECRET_NOTE in html and "bob&#x27;s view" in html
    assert Claim.objects.get(pk=blind_claim.pk).status == "unreviewed"  # they disagree


def test_settle_events_are_hidden_from_a_reviewer_still_due(
    client, boss, alice, bob, carol, review_data
):
    """A claim settled by Alice and Bob, then given to Carol and Bob... in a second double-blind
    assignment: its settle event (which names both tags and notes) is not shown to Carol until
    she has tagged it."""
    claim = review_data[3]
    assign(boss, [alice, bob], [claim], reviews=2)
    services.blind_tag(claim_id=claim.pk, user=alice, status="verified", note=SECRET_NOTE)
    services.blind_tag(claim_id=claim.pk, user=bob, status="verified")
    assign(boss, [carol, alice], [claim], reviews=2, title="Second look")
    client.force_login(carol)
    url = reverse("review:claim", args=[claim.pk])
    html = client.get(url).content.decode()
    assert "Settled by agreement" not in html and SECRET_NOTE not in html
    panel = client.get(reverse("review:claim_panel", args=[claim.pk]), headers=HTMX)
    assert "Settled by agreement" not in panel.content.decode()
    services.blind_tag(claim_id=claim.pk, user=carol, status="verified")
    html = client.get(url).content.decode()
    assert "Settled by agreement" in html and SECRET_NOTE in html
