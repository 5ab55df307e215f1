"""Merging and splitting speakers in a real Chromium, as an editor does it from the speaker
page; the history shows both."""

import pytest
from playwright.sync_api import expect

from kzclaims.models import Article, Claim, Outlet, Speaker, SpeakerAlias, SpeakerEvent
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "Khabar reported that the airport was closed. Khabar-24 TV channel said trains ran."


@pytest.fixture
def two_speakers():
    article = Article.objects.create(
        outlet=Outlet.objects.create(name="Wire"), title="T", body=BODY
    )
    made = []
    for name, content in (
        ("Khabar", "the airport was closed"),
        ("Khabar-24 TV channel", "trains ran"),
    ):
        speaker = Speaker.objects.create(name=name, kind="organisation", speaker_type="media")
        SpeakerAlias.objects.create(speaker=speaker, alias=name)
        start = BODY.index(content)
        Claim.objects.create(
            article=article, speaker=speaker, kind="indirect", content=content, start=start,
            end=start + len(content), speaker_mention=name,
        )  # fmt: skip
        made.append(speaker)
    return made


def test_editor_merges_and_splits_speakers_with_history(
    page, live_server, editor, two_speakers, console_errors
):
    khabar, khabar24 = two_speakers
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/speakers/{khabar.pk}/")
    page.get_by_role("link", name="Identity: merge, split, history").click()
    page.get_by_label("Find a speaker").fill("Khabar-24")
    page.get_by_role("button", name="Find").click()
    page.get_by_label("Khabar-24 TV channel").check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messages")).to_contain_text("Merged into Khabar.")
    expect(page.locator(".history")).to_contain_text(
        "Merged another speaker in: Khabar-24 TV channel"
    )
    expect(page.locator(".history")).to_contain_text(editor.username)
    assert Claim.objects.filter(speaker=khabar).count() == 2

    page.get_by_role("group", name="Spellings that name someone else").get_by_label(
        "Khabar-24 TV channel"
    ).check()
    page.get_by_label("Name of the other speaker").fill("Khabar-24 TV channel")
    page.get_by_role("button", name="Split").click()
    expect(page.locator(".messages")).to_contain_text("Split off Khabar-24 TV channel.")
    expect(page.locator("h1")).to_contain_text("Khabar-24 TV channel")
    expect(page.locator(".history")).to_contain_text("Split off from another speaker: Khabar")
    assert Claim.objects.get(content="trains ran").speaker == khabar24
    assert list(
        SpeakerEvent.objects.filter(speaker=khabar).order_by("id").values_list("action", flat=True)
    ) == ["merged", "split"]
    assert console_errors == []
