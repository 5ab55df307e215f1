"""The assignment pages, My queue, the tag buttons of a blind reviewer, notifications, and the
queue's query count with assignments and double review on."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzclaims.models import AssignedClaim, Assignment, AssignmentEvent, BlindReview, Claim
from kzclaims.team import services
from tests.review.conftest import make_article, make_claim, make_speaker

from .conftest import assign

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def team_urls(assignment, editor):
    return [
        ("get", reverse("team:assignments")),
        ("get", reverse("team:assign") + "?outlet=tass"),
        ("post", reverse("team:assign")),
        ("get", reverse("team:assignment", args=[assignment.pk])),
        ("post", reverse("team:reassign", args=[assignment.pk])),
        ("get", reverse("team:editor", args=[editor.pk])),
    ]


def test_team_pages_need_login_and_the_admin_role(client, boss, alice, bob, viewer, review_data):
    assignment = assign(boss, [alice], review_data[:2])
    for method, url in team_urls(assignment, bob):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for user in (alice, viewer):
        client.force_login(user)
        for method, url in team_urls(assignment, bob):
            assert getattr(client, method)(url).status_code == 403, (user, url)
    client.force_login(alice)  # an editor sees their own progress
    assert client.get(reverse("team:editor", args=[alice.pk])).status_code == 200


def test_admin_assigns_the_filtered_queue_double_blind(
    client, boss, alice, bob, carol, review_data
):
    client.force_login(boss)
    queue = client.get(reverse("review:queue") + "?outlet=tass").content.decode()
    assert "Assign these 6 claims" in queue
    form = client.get(reverse("team:assign") + "?outlet=tass")
    assert "Assign these 6 claims" in form.content.decode()
    response = client.post(
        reverse("team:assign"),
        {
            "title": "TASS, second look",
            "editors": [alice.pk, bob.pk],
            "reviews_required": 2,
            "resolver": carol.pk,
            "query": "outlet=tass",
        },
    )
    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("team:assignment", args=[assignment.pk])
    assert (assignment.reviews_required, assignment.resolver, assignment.source_query) == (
        2,
        carol,
        "outlet=tass",
    )
    tass = {c.pk for c in review_data if c.article.outlet.slug == "tass"}
    assert (
        set(AssignedClaim.objects.filter(editor=alice).values_list("claim_id", flat=True)) == tass
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-editor="alice"' in page and "Awaiting reviews: <strong>6</strong>" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "reviews_required": 1}, "This field is required"),
        ({"title": "x", "reviews_required": 2}, "at least two editors"),
        ({"title": "x", "reviews_required": 1, "query": "outlet=nowhere"}, "not valid"),
        ({"title": "x", "reviews_required": 1, "query": "q=zzzqqq"}, "nothing to assign"),
    ],
)
def test_refused_assignments_say_why_and_change_nothing(
    client, boss, alice, review_data, data, message
):
    client.force_login(boss)
    response = client.post(reverse("team:assign"), {"editors": [alice.pk], **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_assign_a_whole_article_from_the_reader(client, boss, alice, review_data):
    client.force_login(boss)
    article = review_data[0].article
    html = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert f"{reverse('team:assign')}?article={article.pk}" in html
    client.post(
        reverse("team:assign"),
        {"title": "Read it", "editors": [alice.pk], "reviews_required": 1,
         "query": f"article={article.pk}&sort=article"},
    )  # fmt: skip
    # The queue's default filters: top-level statements (the fragment is read in its parent).
    expected = set(
        Claim.objects.filter(article=article, parent__isnull=True, mode="speech").values_list(
            "pk", flat=True
        )
    )
    assert set(AssignedClaim.objects.values_list("claim_id", flat=True)) == expected


def test_reassign_through_the_page_is_in_the_history(client, boss, alice, bob, carol, review_data):
    assignment = assign(boss, [alice, bob], review_data[:4])
    client.force_login(boss)
    response = client.post(
        reverse("team:reassign", args=[assignment.pk]),
        {"from_editor": alice.pk, "to_editor": carol.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Moved 2 remaining claims from alice to carol" in html
    assert "claims from alice to carol" in html  # the history
    assert AssignmentEvent.objects.filter(action="reassign").count() == 1
    refused = client.post(
        reverse("team:reassign", args=[assignment.pk]),
        {"from_editor": alice.pk, "to_editor": carol.pk},
    )
    assert refused.status_code == 422 and "no remaining claims" in refused.content.decode()


def test_my_queue_is_the_default_for_an_editor_with_open_work(client, boss, alice, review_data):
    client.force_login(alice)
    assert client.get(reverse("review:queue")).status_code == 200  # nothing assigned yet
    assign(boss, [alice], review_data[:3])
    response = client.get(reverse("review:queue"))
    assert response.status_code == 302 and response["Location"].endswith("?assigned=me")
    html = client.get(response["Location"]).content.decode()
    assert "My queue" in html and 'id="all-claims"' in html
    assert "3 claims await you" in html
    assert html.count('class="claim-row') == 3
    everything = client.get(reverse("review:queue") + "?assigned=").content.decode()
    assert everything.count('class="claim-row') == 12
    # Tagging takes a claim out of My queue (single review: the normal tag).
    first = review_data[0]
    client.post(reverse("review:tag", args=[first.pk]), {"status": "verified", "version": 1})
    html = client.get(reverse("review:queue") + "?assigned=me").content.decode()
    assert f'id="claim-{first.pk}"' not in html and "2 claims await you" in html


def test_my_queue_in_exports_and_the_command_line(client, boss, alice, review_data):
    assign(boss, [alice], review_data[:2])
    client.force_login(alice)
    response = client.get(reverse("exports:jsonl") + "?assigned=me")
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 2
    with pytest.raises(CommandError, match="My queue needs a signed-in user"):
        call_command("export_claims", "--assigned", "me")


def test_blind_reviewer_tag_buttons_write_a_blind_review(client, boss, alice, bob, review_data):
    claim = review_data[1]
    assign(boss, [alice, bob], [claim], reviews=2)
    client.force_login(alice)
    row = client.get(reverse("review:claim_row", args=[claim.pk]), headers=HTMX).content.decode()
    assert "Blind review" in row and 'value="unreviewed"' not in row  # no reset of a blind tag
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "disputed", "note": "doubtful", "version": 1, "place": "row"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "stays hidden from the other reviewer" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "unreviewed"
    assert BlindReview.objects.get(editor=alice).note == "doubtful"
    # A refusal keeps what was typed, with the reason.
    refused = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "unreviewed", "note": "typed text kept", "version": 1, "place": "row"},
        headers=HTMX,
    )
    assert refused.status_code == 422
    assert "typed text kept" in refused.content.decode()
    assert "cannot go back to unreviewed" in refused.content.decode()
    # Without JavaScript: a redirect with the message.
    client.force_login(bob)
    response = client.post(
        reverse("review:tag", args=[claim.pk]), {"status": "disputed", "version": 1}, follow=True
    )
    assert "both reviews agree" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "disputed"


def test_blind_tag_needs_csrf(boss, alice, bob, review_data):
    claim = review_data[1]
    assign(boss, [alice, bob], [claim], reviews=2)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(
        reverse("review:tag", args=[claim.pk]), {"status": "verified", "version": 1}
    )
    assert response.status_code == 403
    assert not BlindReview.objects.exists()


def test_bulk_tag_writes_blind_reviews_for_blind_claims_and_tags_the_rest(
    client, boss, alice, bob, review_data
):
    blind, plain = review_data[1], review_data[2]
    assign(boss, [alice, bob], [blind], reviews=2)
    client.force_login(alice)
    response = client.post(
        reverse("review:bulk_tag"),
        {"status": "verified", "claims": [f"{blind.pk}:1", f"{plain.pk}:1"], "query": ""},
        follow=True,
    )
    assert "Tagged 1 claim(s) Verified. Blind reviews saved: 1." in response.content.decode()
    assert Claim.objects.get(pk=blind.pk).status == "unreviewed"
    assert Claim.objects.get(pk=plain.pk).status == "verified"
    assert BlindReview.objects.get().claim_id == blind.pk


def test_resolver_and_admin_see_the_disagreement_count(
    client, boss, alice, bob, carol, review_data
):
    claim = review_data[1]
    assign(boss, [alice, bob], [claim], reviews=2, resolver=carol)
    services.blind_tag(claim_id=claim.pk, user=alice, status="verified")
    services.blind_tag(claim_id=claim.pk, user=bob, status="disputed")
    for user in (carol, boss):
        client.force_login(user)
        html = client.get(reverse("comparison:compare")).content.decode()
        assert "1 disagreement to resolve" in html, user
    client.force_login(alice)
    assert "disagreement" not in client.get(reverse("comparison:compare")).content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _letters(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not number:
            return out


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_queue_query_count_is_constant_with_assignments_and_double_review(
    client, boss, alice, bob, who
):
    speaker = make_speaker("Official")
    user = alice if who == "reviewer" else boss
    client.force_login(user)
    counts = []
    for n in (5, 50):
        # A word of its own per claim (letters only: digits are words of their own to the
        # lemmatiser), so that no two claims read as the same statement in either round.
        words = [f"zq{_letters(n * 1000 + i)} said something" for i in range(n)]
        article = make_article(body=". ".join(words))
        claims = [make_claim(article, w, speaker=speaker, cue="said") for w in words]
        assign(boss, [alice, bob], claims, reviews=2, title=f"n={n}")
        assign(boss, [alice], claims, title=f"single n={n}")
        for claim in claims[::2]:
            services.blind_tag(claim_id=claim.pk, user=bob, status="verified", note="b")
        for claim in claims[::3]:
            services.blind_tag(claim_id=claim.pk, user=alice, status="disputed", note="a")
        counts.append(_count(client, reverse("review:queue") + f"?article={article.pk}&assigned="))
        counts.append(_count(client, reverse("review:speaker", args=[speaker.pk])))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
