"""Nothing typed is lost, in a real Chromium: every refused write (validation, conflict, a
permission taken away, a server error) leaves the editor's note and evidence link in the form
with the reason beside it; a conflict re-applies one's own change in one key; a note is saved on
its own with `s`."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from kzclaims.models import Claim, ReviewEvent
from tests.conftest import login, page_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "The ministry\u2019s release of 10 January says so.\nSecond line & <b>"


def open_note(page, claim):
    row = page.locator(f"#claim-{claim.pk}")
    row.locator("summary").click()
    return row


def test_validation_refusal_keeps_the_text_and_names_the_field(
    page, live_server, editor, review_data
):
    claim = review_data[0]
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?sort=article&outlet=interfax")
    row = open_note(page, claim)
    # the client's limit is the server's: the textarea takes no more than 2000 characters
    row.get_by_label("Note").fill("x" * 2100)
    assert len(row.get_by_label("Note").input_value()) == 2000
    row.get_by_label("Note").fill(NOTE)
    # a URL Chromium accepts but the server does not (no domain)
    row.get_by_label("Evidence URL").fill("https://intranet/page")
    row.get_by_role("button", name="Verified").click()
    row = page.locator(f"#claim-{claim.pk}")
    expect(row.locator(".field-error")).to_contain_text("full web address")
    expect(row.get_by_label("Note")).to_have_value(NOTE)
    expect(row.get_by_label("Evidence URL")).to_have_value("https://intranet/page")
    expect(row.get_by_label("Evidence URL")).to_have_attribute("aria-invalid", "true")
    expect(row.locator(".badge").first).to_have_text("Unreviewed")
    assert not ReviewEvent.objects.exists()
    # fixed and saved without a status change, from the keyboard
    row.get_by_label("Evidence URL").fill("https://example.org/release")
    row.get_by_label("Evidence URL").press("Escape")
    page.keyboard.press("s")
    expect(page.locator(f"#claim-{claim.pk} .row-msg")).to_contain_text("Note saved")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.note, fresh.evidence_url) == (
        "unreviewed",
        NOTE,
        "https://example.org/release",
    )
    event = ReviewEvent.objects.get()
    assert event.from_status == event.to_status == "unreviewed" and event.note == NOTE


def test_conflict_keeps_the_text_and_reapplies_in_one_key(
    browser, live_server, editor, admin_user, review_data
):
    claim = review_data[0]
    edith, ada = (
        page_signed_in(browser, live_server, user, "/?sort=article&outlet=interfax")
        for user in (editor, admin_user)
    )
    ada.locator(f"#claim-{claim.pk}").get_by_role("button", name="Verified").click()
    expect(ada.locator(f"#claim-{claim.pk} .badge")).to_have_text("Verified")
    row = open_note(edith, claim)
    row.get_by_label("Note").fill(NOTE)
    row.get_by_role("button", name="Disputed").click()
    row = edith.locator(f"#claim-{claim.pk}")
    expect(row.locator(".row-msg.conflict")).to_contain_text("ada changed this claim to Verified")
    expect(row.get_by_label("Note")).to_have_value(NOTE)
    expect(row.locator("button.reapply")).to_contain_text("Disputed")
    row.get_by_label("Note").press("Escape")
    edith.keyboard.press("a")
    expect(edith.locator(f"#claim-{claim.pk} .badge")).to_have_text("Disputed")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.note, fresh.version) == ("disputed", NOTE, 3)
    for page in (edith, ada):
        page.context.close()


def test_a_permission_taken_away_keeps_the_text(page, live_server, editor, review_data):
    claim = review_data[0]
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?sort=article&outlet=interfax")
    row = open_note(page, claim)
    row.get_by_label("Note").fill(NOTE)
    editor.groups.set([Group.objects.get(name="viewer")])  # demoted while typing
    row.get_by_role("button", name="Save note").click()
    row = page.locator(f"#claim-{claim.pk}")
    expect(row.locator(".row-msg.conflict")).to_contain_text("may not tag claims")
    expect(row.get_by_label("Note")).to_have_value(NOTE)
    assert not ReviewEvent.objects.exists()


def test_a_server_error_keeps_the_text_and_says_so(page, live_server, editor, review_data):
    claim = review_data[0]
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?sort=article&outlet=interfax")
    tag_url = reverse("review:tag", args=[claim.pk])
    page.route(f"**{tag_url}", lambda route: route.fulfill(status=500, body="boom"))
    row = open_note(page, claim)
    row.get_by_label("Note").fill(NOTE)
    row.get_by_label("Evidence URL").fill("https://example.org/a")
    row.get_by_role("button", name="Verified").click()
    expect(row.locator(".client-msg")).to_contain_text("server failed (500)")
    expect(row.get_by_label("Note")).to_have_value(NOTE)
    expect(row.get_by_label("Evidence URL")).to_have_value("https://example.org/a")
    page.unroute(f"**{tag_url}")
    row.get_by_role("button", name="Verified").click()
    expect(page.locator(f"#claim-{claim.pk} .badge").first).to_have_text("Verified")
    assert Claim.objects.get(pk=claim.pk).note == NOTE
