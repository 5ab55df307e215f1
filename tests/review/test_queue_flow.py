"""The queue's flow on the server: a tag answers whether the claim still matches the filters the
page sent, the new-claims poll counts what arrived since the page was drawn, and the speaker
page carries the bulk-tag form."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzclaims.models import Claim, ReviewEvent

from .conftest import make_article, make_claim

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def tag(client, claim, status, **extra):
    return client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": status, "version": claim.version, "place": "row", **extra},
        headers=HTMX,
    )


def tagged_detail(response):
    return json.loads(response["HX-Trigger-After-Swap"])["claim-tagged"]


def test_a_tag_says_whether_the_claim_still_matches_the_filters_sent(client, editor, review_data):
    client.force_login(editor)
    first, second, third = review_data[:3]
    gone = tag(client, first, "verified", filters="status=unreviewed&sort=article")
    assert tagged_detail(gone) == {
        "id": first.pk,
        "status": "verified",
        "label": "Verified",
        "matches": False,
    }
    kept = tag(client, second, "verified", filters="outlet=interfax&status=")
    assert tagged_detail(kept)["matches"] is (second.article.outlet.slug == "interfax")
    # The same filters as the list: a text search keeps a claim whose words it matches.
    found = tag(client, third, "disputed", filters="q=detained")
    assert tagged_detail(found)["matches"] is True
    # Without filters (a speaker's page, the reader) the answer says nothing about a list.
    assert "matches" not in tagged_detail(tag(client, Claim.objects.get(pk=first.pk), "disputed"))
    # An invalid query selects nothing, so nothing matches it; the write itself stands.
    bad = tag(client, Claim.objects.get(pk=second.pk), "disputed", filters="status=nonsense")
    assert bad.status_code == 200 and tagged_detail(bad)["matches"] is False
    assert Claim.objects.get(pk=second.pk).status == "disputed"


def test_new_claims_counts_what_matches_the_filters_since_the_page_was_drawn(
    client, viewer, review_data
):
    client.force_login(viewer)
    page = client.get(reverse("review:queue"), {"outlet": "interfax"})
    since = page.context["newest"]
    assert since == max(c.pk for c in review_data)
    assert f'data-since="{since}"' in page.content.decode()
    url = reverse("review:new_claims")
    assert client.get(url, {"outlet": "interfax", "since": since}).content.strip() == b""
    interfax = next(c.article for c in review_data if c.article.outlet.slug == "interfax")
    tass = next(c.article for c in review_data if c.article.outlet.slug == "tass")
    make_claim(interfax, "Interior Ministry", kind=Claim.Kind.DIRECT)
    make_claim(interfax, "still active", kind=Claim.Kind.DIRECT)
    make_claim(tass, "still active", kind=Claim.Kind.DIRECT)
    html = client.get(url, {"outlet": "interfax", "since": since, "page": "3"}).content.decode()
    assert "2 new claims" in html
    assert 'href="/?outlet=interfax"' in html  # the first page, the filters kept
    assert "1 new claim<" in client.get(url, {"outlet": "tass", "since": since}).content.decode()
    assert "3 new claims" in client.get(url, {"since": since}).content.decode()
    assert "new claim" not in client.get(url, {"since": since + 3}).content.decode()


@pytest.mark.parametrize("since", ["", "abc", "-1", "²", "1.5", str(2**63)])
def test_new_claims_refuses_a_malformed_since(client, viewer, since):
    client.force_login(viewer)
    response = client.get(reverse("review:new_claims"), {"since": since})
    assert response.status_code == 400
    assert b"since" in response.content


def test_new_claims_needs_a_login_and_reads_in_a_fixed_number_of_queries(
    client, viewer, review_data
):
    url = reverse("review:new_claims")
    assert client.get(url, {"since": 0}).status_code == 302
    client.force_login(viewer)
    counts = []
    for since in (0, review_data[-1].pk):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"since": since, "status": "unreviewed"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_speaker_page_bulk_tags_without_javascript_and_comes_back(
    client, editor, viewer, review_data
):
    speaker = review_data[0].speaker
    url = reverse("review:speaker", args=[speaker.pk])
    client.force_login(viewer)
    assert 'id="bulk-form"' not in client.get(url).content.decode()
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert 'id="bulk-form"' in html and 'form="bulk-form"' in html
    mine = [c for c in review_data if c.speaker_id == speaker.pk][:2]
    response = client.post(
        reverse("review:bulk_tag"),
        {"status": "verified", "claims": [f"{c.pk}:{c.version}" for c in mine], "next": url},
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    assert "Tagged 2 claim(s) Verified." in response.content.decode()
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in mine])} == {"verified"}
    assert ReviewEvent.objects.count() == 2


def test_enter_in_a_rows_fields_saves_the_note_first(client, editor, review_data):
    """Implicit submission presses a form's first submit button: in a row, the note's."""
    client.force_login(editor)
    html = client.get(reverse("review:queue"), {"article": review_data[0].article_id}).content
    row = html.decode().split(f'id="claim-{review_data[0].pk}"', 1)[1]
    form = row.split('class="tag-form"', 1)[1]
    first_submit = form.split('type="submit"', 1)[1].split(">", 1)[0]
    assert 'name="status" value=""' in first_submit


def test_a_new_article_in_the_queue_is_new_since(client, viewer, review_data):
    client.force_login(viewer)
    since = client.get(reverse("review:queue")).context["newest"]
    article = make_article(title="Later")
    make_claim(article, "the situation has stabilized in all regions", kind=Claim.Kind.INDIRECT)
    html = client.get(reverse("review:new_claims"), {"since": since, "title": "Later"}).content
    assert b"1 new claim" in html
