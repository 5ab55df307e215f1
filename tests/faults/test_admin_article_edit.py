"""Editing an article's text in the admin: the browser submits the textarea with CRLF line
endings; the text is stored normalised, so every claim's offsets stay right, and it is
extracted again, keeping the editors' claims. Once through the test client, once in a real
Chromium."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from kzclaims.extraction.store import extract_article
from kzclaims.integrity import findings
from kzclaims.models import Article, Claim, Outlet
from kzclaims.review.services import tag_claim
from kzclaims.roles import ensure_roles
from tests.conftest import login

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
BODY = (
    "Grid restored in the capital - Petrov\n\n"
    "Kazakh President Ivan Petrov said that power was back in all districts.\n\n"
    '"Nobody will be left without heating this winter," Petrov said.\n\n'
    "According to the Interior Ministry, 120 people were detained."
)
ADDED = "Officials met on Monday.\n\n"


def make_article():
    outlet = Outlet.objects.create(name="Test Wire")
    article = Article.objects.create(outlet=outlet, title="Grid", body=BODY)
    extract_article(article)
    return article


def dispute(article, user):
    claim = Claim.objects.get(article=article, kind="direct")
    return tag_claim(
        claim_id=claim.pk, user=user, status="disputed", expected_version=claim.version
    )


def form_data(article, body):
    return {
        "outlet": article.outlet_id,
        "title": article.title,
        "published_0": "",
        "published_1": "",
        "url": "",
        "body": body,
        "language": "en",
        "import_batch": "",
    }


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE)
def test_a_crlf_save_is_normalised_and_extracted_again(
    client, admin_user, editor, django_capture_on_commit_callbacks
):
    article = make_article()
    disputed = dispute(article, editor)
    client.force_login(admin_user)
    crlf = (ADDED + BODY).replace("\n", "\r\n")
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            reverse("admin:kzclaims_article_change", args=[article.pk]), form_data(article, crlf)
        )
    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.body == ADDED + BODY  # before: CRLF stored, every offset off by one a line
    assert article.extraction_status == "done"
    claim = Claim.objects.get(pk=disputed.pk)
    assert claim.status == "disputed" and claim.start == disputed.start + len(ADDED)
    assert list(findings()) == []


@pytest.mark.django_db
def test_the_admin_refuses_the_text_of_another_article(client, admin_user):
    article = make_article()
    other = Article.objects.create(outlet=article.outlet, title="Other", body="Other text.")
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:kzclaims_article_change", args=[other.pk]), form_data(other, BODY)
    )
    assert page.status_code == 200 and "already has this text" in page.text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=IMMEDIATE)
def test_saving_an_article_in_chromium_keeps_offsets_and_reextracts(
    page, live_server, console_errors
):
    from django.contrib.auth.models import Group, Permission

    from tests.conftest import make_user

    ensure_roles(Group, Permission)
    admin_user = make_user("ada", "admin", is_staff=True)
    editor = make_user("edith", "editor")
    article = make_article()
    disputed = dispute(article, editor)

    login(page, live_server, admin_user)
    page.goto(f"{live_server.url}/admin/kzclaims/article/{article.pk}/change/")
    body = page.locator("textarea[name=body]")
    body.fill(ADDED + BODY)
    page.get_by_role("button", name=re.compile(r"^Save$")).click()
    expect(page.locator(".messagelist")).to_contain_text("extracted again")

    article.refresh_from_db()
    assert "\r" not in article.body and article.body == ADDED + BODY
    assert article.extraction_status == "done"
    claim = Claim.objects.get(pk=disputed.pk)
    assert claim.status == "disputed"
    assert article.body[claim.start : claim.end] == claim.content
    assert list(findings()) == []
    # The reader highlights the claim where it now stands. (The admin's pages ask for a
    # /favicon.ico that does not exist: only the reader's console is checked.)
    console_errors.clear()
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    expect(page.locator(f"mark[data-claim='{claim.pk}']").first).to_contain_text(claim.content[:20])
    assert console_errors == []
