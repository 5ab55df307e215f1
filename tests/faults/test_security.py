"""Security findings: login throttling (the admin's login too), no self-escalation to superuser,
no data for users without a role, names without control or bidi characters, outlet names that
never meet on one slug, the import preview staged outside the session, demo_setup refusing
production settings, and an unsafe SECRET_KEY refused when serving."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from kzclaims.imports.services import import_articles
from kzclaims.models import Article, Outlet, Speaker, StagedImport
from tests.conftest import PASSWORD, PRODUCTION_HASHERS, make_user

pytestmark = [pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_axes_attempts():
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_wrong_passwords_lock_the_login_out(client, admin_user, login_url):
    for _ in range(4):
        wrong = client.post(login_url, {"username": admin_user.username, "password": "guess"})
        assert wrong.status_code == 200  # the form again, with its error
    fifth = client.post(login_url, {"username": admin_user.username, "password": "guess"})
    assert fifth.status_code == 429
    # Even the right password is refused now, without checking it.
    locked = client.post(login_url, {"username": admin_user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_resets_the_count(client, editor):
    for _ in range(4):
        client.post("/accounts/login/", {"username": editor.username, "password": "guess"})
    ok = client.post("/accounts/login/", {"username": editor.username, "password": PASSWORD})
    assert ok.status_code == 302


def test_signing_in_with_the_production_hasher(client, real_passwords):
    """The suite hashes with MD5 for speed (tests/conftest.py); this one signs in the way
    production stores and checks a password."""
    user = make_user("petra", "editor")
    production = import_string(PRODUCTION_HASHERS[0])
    assert identify_hasher(user.password).algorithm == production.algorithm
    wrong = client.post("/accounts/login/", {"username": user.username, "password": "guess"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    ok = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def _user_form(user):
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2022-01-01",
        "date_joined_1": "00:00:00",
    }


def test_an_admin_cannot_make_themselves_superuser(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="is_superuser"' not in form.text
    client.post(url, _user_form(admin_user))
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser


def test_an_admin_cannot_take_over_a_superuser_account(client, admin_user):
    boss = User.objects.create_superuser("boss", password=PASSWORD)
    client.force_login(admin_user)
    change = client.post(reverse("admin:auth_user_change", args=[boss.pk]), _user_form(boss))
    assert change.status_code == 403
    password = client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": "taken-over-123!", "password2": "taken-over-123!"},
    )
    assert password.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password(PASSWORD)


def test_a_superuser_still_can(client):
    boss = User.objects.create_superuser("boss", password=PASSWORD)
    client.force_login(boss)
    assert (
        'name="is_superuser"' in client.get(reverse("admin:auth_user_change", args=[boss.pk])).text
    )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/compare/",
        "/export/claims.csv",
        "/export/articles.jsonl",
        "/admin/",
        "/imports/progress/",
    ],
)
def test_a_user_without_a_role_sees_only_no_access(client, seeds, url):
    nobody = make_user("nobody", is_staff=True)
    client.force_login(nobody)
    page = client.get(url)
    assert page.status_code == 403
    assert "No access" in page.text
    assert seeds[0].title not in page.text


def test_a_user_without_a_role_can_still_sign_out(client):
    client.force_login(make_user("nobody"))
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.parametrize("name", ["TASS\u202e", "TA\x1bSS", "TA\u2066SS"])
def test_admin_refuses_control_and_bidi_characters_in_names(client, admin_user, name):
    client.force_login(admin_user)
    outlet = client.post(
        reverse("admin:kzclaims_outlet_add"),
        {"name": name, "slug": "x", "ownership": "unknown", "language": "en"},
    )
    assert outlet.status_code == 200 and "The name contains" in outlet.text
    speaker = client.post(
        reverse("admin:kzclaims_speaker_add"),
        {
            "name": name,
            "kind": "person",
            "speaker_type": "other",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert speaker.status_code == 200 and "The name contains" in speaker.text
    assert not Outlet.objects.exists() and not Speaker.objects.exists()


def test_different_outlet_names_never_meet_on_one_slug(seeds):
    tass = Outlet.objects.get(name="TASS")
    lines = [
        {"outlet": "T.A.S.S.", "title": "a", "body": "One text about the unrest."},
        {"outlet": "T A S S", "title": "b", "body": "Another text about the unrest."},
    ]
    upload = ("o.jsonl", "\n".join(json.dumps(line) for line in lines).encode())
    result = import_articles(files=[upload], extract=False)
    assert sorted(result.new_outlets) == ["T A S S", "T.A.S.S."]
    made = {a.outlet.name: a.outlet.slug for a in Article.objects.filter(pk__in=result.created)}
    assert made.keys() == {"T.A.S.S.", "T A S S"}
    assert len({tass.slug, *made.values()}) == 3


def test_the_import_preview_is_staged_in_a_table_not_the_session(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:kzclaims_article_import")
    body = "A text of some length. " * 2000
    data = json.dumps({"outlet": "Interfax", "title": "T", "body": body}).encode()
    preview = client.post(url, {"files": [SimpleUploadedFile("a.jsonl", data)]})
    token = preview.context["token"]
    staged = StagedImport.objects.get(token=token)
    assert staged.user == admin_user
    session = client.session
    assert all(len(json.dumps(value, default=str)) < 500 for value in session.values())
    # Another admin cannot confirm it.
    other = make_user("ola", "admin", is_staff=True)
    client.force_login(other)
    client.post(url, {"action": "import", "token": token})
    assert not Article.objects.exists()
    client.force_login(admin_user)
    done = client.post(url, {"action": "import", "token": token})
    assert done.status_code == 302 and Article.objects.count() == 1
    assert not StagedImport.objects.filter(token=token).exists()


def test_a_staged_preview_expires(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:kzclaims_article_import")
    data = json.dumps({"outlet": "Interfax", "title": "T", "body": "Some text."}).encode()
    token = client.post(url, {"files": [SimpleUploadedFile("a.jsonl", data)]}).context["token"]
    StagedImport.objects.filter(token=token).update(
        created_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    )
    page = client.post(url, {"action": "import", "token": token}, follow=True)
    assert "expired" in page.text and not Article.objects.exists()
    # The next preview clears what expired.
    client.post(url, {"files": [SimpleUploadedFile("a.jsonl", data)]})
    assert not StagedImport.objects.filter(token=token).exists()


def test_demo_setup_refuses_production_settings():
    with pytest.raises(CommandError, match="refuses production settings"):
        call_command("demo_setup", verbosity=0)
    assert not User.objects.filter(username__startswith="demo-").exists()


@override_settings(DEBUG=True)
def test_demo_setup_runs_on_a_developer_machine(monkeypatch):
    monkeypatch.setattr("kzclaims.management.commands.demo_setup.call_command", lambda *a, **k: 0)
    call_command("demo_setup", "--password", "x" * 12, verbosity=0)
    assert User.objects.filter(username="demo-editor").exists()


@pytest.mark.parametrize(
    ("key", "reason"),
    [("change-me", "placeholder"), ("k3y-" * 5, "20 characters long"), ("ab" * 30, "too few")],
)
def test_serving_refuses_a_placeholder_or_short_secret_key(key, reason, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": key,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    run = subprocess.run(
        [sys.executable, "-c", "import kzclaims.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "SECRET_KEY cannot be used with DEBUG off" in run.stderr and reason in run.stderr


def test_an_alias_that_already_names_another_speaker_is_a_form_error(client, admin_user):
    tokayev = Speaker.objects.create(name="Kassym-Jomart Tokayev")
    tokayev.aliases.create(alias="Tokayev")
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:kzclaims_speaker_add"),
        {
            "name": "Another Speaker",
            "kind": "person",
            "speaker_type": "other",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-alias": "TOKAYEV",
        },
    )
    assert page.status_code == 200  # before: IntegrityError, a 500
    assert "already names Kassym-Jomart Tokayev" in page.text
    assert Speaker.objects.count() == 1
