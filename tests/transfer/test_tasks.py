"""Background extraction of imported articles (immediate backend, the real extractor): one task
per article, progress "done of total", failures with their reason, retry."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

import kzclaims.extraction.store as store
from kzclaims.imports.selectors import extraction_progress
from kzclaims.imports.services import import_articles
from kzclaims.models import Article, Claim

pytestmark = [pytest.mark.django_db]

FAIL_MARK = "FAIL-THIS-ARTICLE"


def upload():
    records = [
        {
            "outlet": "Interfax",
            "title": "Ministry on detentions",
            "published": "2022-01-10T09:01:00+03:00",
            "body": "NUR-SULTAN. Jan 10 (Interfax) - As many as 5,800 people have been "
            'detained, the Interior Ministry said. "The situation is under control," '
            "Kazakh President Kassym-Jomart Tokayev said on Sunday.",
        },
        {
            "outlet": "TASS",
            "title": "Bad one",
            "body": f"{FAIL_MARK} MOSCOW, January 7 /TASS/. Tokayev said the order was restored.",
        },
    ]
    return [("batch.jsonl", "\n".join(json.dumps(r) for r in records).encode())]


@pytest.fixture
def failing_extractor(monkeypatch):
    """The real extractor, except that it breaks on the marked article."""
    real = store.analyse

    def analyse(doc):
        if FAIL_MARK in doc.text:
            raise ValueError("the parser found no sentence boundaries")
        return real(doc)

    monkeypatch.setattr(store, "analyse", analyse)
    return monkeypatch


@pytest.mark.usefixtures("immediate_tasks")
def test_import_enqueues_one_task_per_article_after_commit(
    django_capture_on_commit_callbacks, failing_extractor
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = import_articles(files=upload())
    # Nothing runs inside the import's transaction.
    assert Article.objects.filter(extraction_status="pending").count() == 2
    assert len(callbacks) == 1
    callbacks[0]()
    good, bad = Article.objects.filter(pk__in=result.created).order_by("pk")
    assert good.extraction_status == "done" and good.extracted_at
    assert Claim.objects.filter(article=good).exists()
    assert bad.extraction_status == "failed"
    assert bad.extraction_error == "ValueError: the parser found no sentence boundaries"
    progress = extraction_progress(batch=result.batch)
    assert (progress.done, progress.total, progress.failed) == (1, 2, 1)
    assert not progress.active


@pytest.mark.usefixtures("immediate_tasks")
def test_progress_fragment_shows_done_of_total_failures_and_retry(
    client, admin_user, viewer, django_capture_on_commit_callbacks, failing_extractor
):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_articles(files=upload())
    bad = Article.objects.get(pk=result.created[1])
    url = reverse("imports:progress") + f"?batch={result.batch.pk}"

    # Login required, even for a fragment.
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(viewer)
    html = client.get(url).content.decode()
    assert (
        "Articles extracted <strong data-done>1</strong> of <strong data-total>2</strong>" in html
    )
    assert "ValueError: the parser found no sentence boundaries" in html
    assert "<html" not in html  # a fragment, not a page
    assert "Retry</button>" not in html  # viewers see, admins retry
    response = client.post(reverse("imports:retry"), {"article": bad.pk})
    assert response.status_code == 403
    bad.refresh_from_db()
    assert bad.extraction_status == "failed"

    client.force_login(admin_user)
    html = client.get(url).content.decode()
    assert "Retry</button>" in html
    assert 'name="csrfmiddlewaretoken"' in html

    # The fix lands; the retry (htmx) answers with the fragment, now complete.
    failing_extractor.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:retry"),
            {"article": bad.pk, "batch": result.batch.pk},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    # Answered before the worker ran: the fragment shows it waiting and keeps polling.
    html = response.content.decode()
    assert (
        "Articles extracted <strong data-done>1</strong> of <strong data-total>2</strong>" in html
    )
    assert "1 waiting" in html and 'hx-trigger="every 2s"' in html
    html = client.get(url).content.decode()
    assert (
        "Articles extracted <strong data-done>2</strong> of <strong data-total>2</strong>" in html
    )
    assert "Failed extractions" not in html and "hx-trigger" not in html
    bad.refresh_from_db()
    assert bad.extraction_status == "done" and bad.extraction_error == ""
    assert Claim.objects.filter(article=bad).exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_retry_without_htmx_redirects_and_needs_csrf(
    admin_user, django_capture_on_commit_callbacks, failing_extractor
):
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        result = import_articles(files=upload())
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(admin_user)
    response = checked.post(reverse("imports:retry"), {"all_failed": "1"})
    assert response.status_code == 403  # no CSRF token
    assert checked.get(reverse("imports:retry")).status_code == 405

    client = Client()
    client.force_login(admin_user)
    failing_extractor.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:retry"),
            {"all_failed": "1", "batch": result.batch.pk, "next": "https://evil.example/"},
        )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("imports:progress"))
    assert extraction_progress(batch=result.batch).done == 2


def test_staff_without_the_import_permission_cannot_retry(client, db):
    staff = User.objects.create_user("sam", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(staff)
    assert client.post(reverse("imports:retry"), {"all_failed": "1"}).status_code == 403


@pytest.mark.usefixtures("immediate_tasks")
def test_admin_action_retries_extraction(
    client, admin_user, django_capture_on_commit_callbacks, failing_extractor
):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_articles(files=upload())
    failing_extractor.undo()
    client.force_login(admin_user)
    changelist = reverse("admin:kzclaims_article_changelist")
    html = client.get(changelist).content.decode()
    assert "Articles extracted" in html and "Import articles" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {"action": "retry_extraction", "_selected_action": [result.created[1]]},
        )
    assert response.status_code == 302
    assert Article.objects.get(pk=result.created[1]).extraction_status == "done"


@pytest.mark.usefixtures("immediate_tasks")
def test_command_extracts_synchronously_by_default(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "batch.jsonl"
    path.write_bytes(upload()[0][1].replace(FAIL_MARK.encode(), b""))
    call_command("import_articles", str(path))
    assert "Extracted 2 of 2 articles." in capsys.readouterr().out
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"done"}


@pytest.mark.django_db(transaction=True)
def test_database_queue_and_db_worker(settings, failing_extractor):
    """The production path: the import commits, one task per article lands in django-tasks-db's
    table, and `manage.py db_worker --batch` extracts them."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = import_articles(files=upload())
    assert DBTaskResult.objects.count() == 2
    assert extraction_progress(batch=result.batch).pending == 2
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    progress = extraction_progress(batch=result.batch)
    assert (progress.done, progress.failed, progress.total) == (1, 1, 2)
    assert progress.failures[0].extraction_error.startswith("ValueError")
