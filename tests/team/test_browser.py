"""Team review in a real Chromium, an admin and three editors each in their own browser context:
assignment from a filtered queue, two blind reviews, the blind rule (pages, partials requested
directly, an export), agreement, disagreement and reassignment."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kzclaims.models import AssignedClaim, Claim, DoubleReview
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRET = "SECRET-NOTE-OF-ALICE"


def open_as(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_server, user)
    return page, errors


def tag_row(page, claim, status, note=None):
    row = page.locator(f"#claim-{claim.pk}")
    if note is not None:
        row.locator("summary").click()
        row.get_by_label("Note").fill(note)
    row.get_by_role("button", name=status, exact=True).click()
    return row


def test_assign_blind_review_agreement_disagreement_and_reassignment(
    browser, live_server, boss, alice, bob, carol, review_data
):
    tass = [c for c in review_data if c.article.outlet.slug == "tass"]
    first, second = tass[1], tass[2]
    # The admin assigns the filtered queue (TASS) to Alice and Bob, double-blind, Carol resolves.
    admin, admin_errors = open_as(browser, live_server, boss)
    admin.goto(f"{live_server.url}/?outlet=tass")
    admin.get_by_role("link", name="Assign these 6 claims").click()
    admin.get_by_label("Title").fill("TASS double check")
    admin.get_by_label("alice").check()
    admin.get_by_label("bob").check()
    admin.get_by_label("Two blind reviews per claim").check()
    admin.get_by_label("Resolver").select_option(label="carol")
    admin.get_by_role("button", name="Assign 6 claims").click()
    expect(admin.locator("h1")).to_have_text("TASS double check")
    expect(admin.locator('[data-editor="alice"] .remaining')).to_have_text("6")
    expect(admin.locator('[data-editor="bob"] .remaining')).to_have_text("6")

    # Alice lands in her queue, tags the first claim blind with a note.
    page_a, errors_a = open_as(browser, live_server, alice)
    expect(page_a).to_have_url(re.compile(r"assigned=me"))
    expect(page_a.locator("#notice-awaiting")).to_have_text("6 claims await you")
    expect(page_a.locator(".results-head h1")).to_contain_text("My queue")
    row = tag_row(page_a, first, "Disputed", note=SECRET)
    expect(row.locator(".row-msg")).to_contain_text("stays hidden from the other reviewer")
    expect(row.locator(".blind-mine")).to_contain_text("Disputed")
    assert Claim.objects.get(pk=first.pk).status == "unreviewed"

    # Bob sees nothing of it: his queue, the claim page, the reader's panel, the partials
    # requested directly, the speaker page and an export.
    page_b, errors_b = open_as(browser, live_server, bob)
    row_b = page_b.locator(f"#claim-{first.pk}")
    expect(row_b.locator(".blind-mine")).to_contain_text("not tagged by you yet")
    urls = [
        reverse("review:queue") + "?assigned=me",
        reverse("review:claim", args=[first.pk]),
        reverse("review:article", args=[first.article_id]),
        reverse("review:speaker", args=[first.speaker_id]),
        reverse("comparison:compare"),
    ]
    for url in urls:
        page_b.goto(live_server.url + url)
        assert SECRET not in page_b.content(), url
        assert "alice" not in page_b.locator("main").inner_text(), url
    page_b.goto(live_server.url + reverse("review:article", args=[first.article_id]))
    page_b.locator(f'mark[data-n="{first.pk}"]').first.click()  # the reader's side panel
    expect(page_b.locator("#panel-claim")).to_be_visible()
    assert SECRET not in page_b.locator("#side-panel").inner_text()
    hx = {"HX-Request": "true"}
    for url in (
        reverse("review:claim_row", args=[first.pk]),
        reverse("review:claim_panel", args=[first.pk]),
        reverse("exports:csv") + "?outlet=tass",
        reverse("exports:jsonl") + "?assigned=me",
        reverse("exports:claimreview"),
    ):
        response = page_b.request.get(live_server.url + url, headers=hx)
        assert response.status == 200, url
        assert SECRET not in response.text() and "alice" not in response.text(), url

    # Bob tags it the same: the claim is settled; now he sees Alice's review.
    page_b.goto(f"{live_server.url}/?assigned=me")
    row_b = tag_row(page_b, first, "Disputed")
    expect(row_b.locator(".row-msg")).to_contain_text("both reviews agree")
    expect(row_b.locator(".status .badge").first).to_have_text("Disputed")
    expect(row_b.locator(".blind-others")).to_contain_text(SECRET)
    assert DoubleReview.objects.get(claim=first).state == "agreed"

    # A disagreement on the second claim; Carol, the resolver, is told.
    tag_row(page_a, second, "Verified")
    expect(page_a.locator(f"#claim-{second.pk} .row-msg")).to_contain_text("stays hidden")
    tag_row(page_b, second, "Official-only")
    expect(page_b.locator(f"#claim-{second.pk} .row-msg")).to_contain_text("a resolver will")
    assert DoubleReview.objects.get(claim=second).state == "disagreed"
    assert Claim.objects.get(pk=second.pk).status == "unreviewed"
    page_c, errors_c = open_as(browser, live_server, carol)
    expect(page_c.locator("#notice-disagreed")).to_have_text("1 disagreement to resolve")

    # The admin moves Bob's remaining claims to Carol; it is in the history and her queue.
    admin.reload()
    expect(admin.locator('[data-editor="bob"] .done')).to_have_text("2")
    admin.get_by_label("Move from").select_option(label="bob")
    admin.get_by_label("to", exact=True).select_option(label="carol")
    admin.get_by_role("button", name="Reassign").click()
    expect(admin.locator(".messages")).to_contain_text("Moved 4 remaining claims from bob to carol")
    expect(admin.locator("#assignment-history")).to_contain_text("4 claims from bob to carol")
    expect(admin.locator('[data-editor="carol"] .remaining')).to_have_text("4")
    assert AssignedClaim.objects.filter(editor=bob).count() == 2
    page_c.goto(f"{live_server.url}/")
    expect(page_c).to_have_url(re.compile(r"assigned=me"))
    expect(page_c.locator(".results-head .count")).to_have_text("4")
    # Carol now reviews claims Alice already tagged blind: she does not see those tags.
    assert SECRET not in page_c.content()
    for errors in (admin_errors, errors_a, errors_b, errors_c):
        assert not errors, errors
