"""Undo as history in Chromium: `u` walks back the editor's own changes most recent first (a
bulk tag as one step), `U` walks forward again; every step is a new event."""

import pytest
from playwright.sync_api import expect

from kzclaims.models import ReviewEvent
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_u_walks_back_and_shift_u_redoes(page, live_server, editor, review_data, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?outlet=tass&sort=article")
    rows = page.locator(".claim-row")
    badges = [rows.nth(i).locator(".badge").first for i in range(3)]
    page.keyboard.press("j")
    page.keyboard.press("d")  # row 0 disputed, moves to row 1
    expect(badges[0]).to_have_text("Disputed")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.get_by_label("Tag selected as").select_option("verified")
    page.get_by_role("button", name="Bulk tag").click()
    expect(page.locator("#results .msg")).to_contain_text("Tagged 2 claim(s) Verified")
    expect(badges[1]).to_have_text("Verified")
    page.locator("body").click(position={"x": 5, "y": 600})
    page.keyboard.press("u")  # the bulk tag, as one step
    expect(badges[1]).to_have_text("Unreviewed")
    expect(badges[2]).to_have_text("Unreviewed")
    expect(badges[0]).to_have_text("Disputed")
    expect(page.locator("#live")).to_have_text("Undone a bulk tag of 2 claims.")
    page.keyboard.press("u")  # one further back: the disputed tag
    expect(badges[0]).to_have_text("Unreviewed")
    page.keyboard.press("Shift+U")
    expect(badges[0]).to_have_text("Disputed")
    page.keyboard.press("Shift+U")
    expect(badges[1]).to_have_text("Verified")
    expect(badges[2]).to_have_text("Verified")
    actions = list(ReviewEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["change"] * 3 + ["undo"] * 3 + ["redo"] * 3
    assert not console_errors, console_errors


def test_a_missing_page_is_the_apps_own_styled_404(page, live_server, viewer):
    login(page, live_server, viewer)
    response = page.goto(f"{live_server.url}/claims/999999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the queue")).to_be_visible()
    border = page.locator(".error-page").evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "solid"  # the app's stylesheet applies
    page.keyboard.press("?")
    expect(page.locator("dialog#keys")).to_be_visible()
    expect(page.locator("dialog#keys")).not_to_contain_text("tag verified")  # a viewer
