"""The zone choice in Chromium: the article's own day by default, UTC once chosen from the
preferences page, a mistyped zone refused beside the field with what was typed kept."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dates_follow_the_readers_zone_choice(
    page, live_server, editor, moscow_claim, console_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    row_date = page.locator(f"#claim-{moscow_claim.pk} .source time")
    expect(row_date).to_have_text("7 Jan 2022")
    expect(row_date).to_have_attribute("datetime", "2022-01-07T00:30:00+03:00")

    page.get_by_role("link", name="Preferences").click()
    page.get_by_label("A time zone I choose").check()
    page.get_by_label("Time zone", exact=True).fill("Moscow")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#zone-error")
    expect(error).to_contain_text("“Moscow” is not a time zone name")
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("Moscow")
    expect(page.get_by_label("Time zone", exact=True)).to_have_attribute("aria-invalid", "true")

    page.get_by_label("UTC", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Dates are now shown in UTC")
    page.get_by_role("link", name="Queue").click()
    expect(row_date).to_have_text("6 Jan 2022")
    page.goto(f"{live_server.url}{reverse('review:article', args=[moscow_claim.article_id])}")
    expect(page.locator(".reader .source time")).to_have_text("6 Jan 2022, 21:30")

    page.goto(f"{live_server.url}{reverse('preferences:preferences')}")
    page.get_by_label("Each article's own time zone").check()
    page.get_by_role("button", name="Save").click()
    page.goto(f"{live_server.url}{reverse('review:claim', args=[moscow_claim.pk])}")
    expect(page.locator(".facts time")).to_have_text("7 Jan 2022, 00:30")
    # The refused choice answered 422 (the browser logs that); nothing else went wrong.
    unexpected = [e for e in console_errors if "status of 422" not in e]
    assert not unexpected, unexpected
