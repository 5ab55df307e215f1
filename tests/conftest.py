"""Fixtures shared by the whole suite: users in each role, the seed articles, and a real
Chromium (Debian's, driven by Playwright) for the browser tests."""

import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from hypothesis import settings
from pytest_django.plugin import blocking_manager_key

from kzclaims.roles import ensure_roles

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous, so the async-safety guard is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests explore new examples on a developer's machine; in CI the same examples every
# run, so that a run is reproducible (a failure there names its example in the output).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

CHROMIUM = os.environ.get("KZCLAIMS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery-staple"
# The production hasher (PBKDF2, 1.5 million iterations) takes 1-2 s a password on a loaded
# 2-core machine, paid for every user a test makes and every sign-in, wrong ones included: most
# of the suite's wall time. Tests hash with MD5 instead; `real_passwords` puts the production
# hashers back for the tests that are about them.
PRODUCTION_HASHERS = list(django_settings.PASSWORD_HASHERS)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_PLAYWRIGHT_STARTED = pytest.StashKey[bool]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests run last (after pytest-django's own ordering). Once Playwright's sync API
    has started, asyncio reports a running loop in the main thread and Django keeps that thread's
    connections in context-local storage instead of thread-local: running the browser tests last
    makes that switch happen once, after every ordinary test (see pytest_runtest_setup).

    Outside CI a missing Chromium skips the browser tests, visibly; in CI it fails the run,
    because a browser test that cannot run must never pass as skipped."""
    browser_tests = [item for item in items if "browser" in item.keywords]
    items[:] = [item for item in items if "browser" not in item.keywords] + browser_tests
    if os.path.exists(CHROMIUM):
        return
    if browser_tests and os.environ.get("CI"):
        raise pytest.UsageError(f"CI: {len(browser_tests)} browser tests need {CHROMIUM}")
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the first browser test starts Playwright, close this thread's connections: from
    then on Django keeps them in context-local storage, and the old one would stay open and
    keep the test database from being dropped at the end."""
    if "browser" in item.keywords and not item.config.stash.get(_PLAYWRIGHT_STARTED, False):
        item.config.stash[_PLAYWRIGHT_STARTED] = True
        connections.close_all()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (the browser tests: the live server needs committed data) ends with
    a flush that also empties the groups the roles migration made; put them back for the tests
    that follow, in any folder. After the last test the database is gone: nothing to do."""
    result = yield
    transactional = {"transactional_db", "live_server"} & set(item.fixturenames)
    if nextitem is not None and (transactional or _marked_transactional(item)):
        with item.config.stash[blocking_manager_key].unblock():
            ensure_roles(Group, Permission)
    return result


def _marked_transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


@pytest.fixture(scope="session", autouse=True)
def fast_passwords():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture
def real_passwords():
    """The production hashers, for a test about signing in as production does."""
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def console_errors(page):
    """Errors the page logs: a CSP violation or a script error. Tests assert the list is empty."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def make_user(username, group=None, **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("edith", "editor")


@pytest.fixture
def viewer(db):
    return make_user("victor", "viewer")


@pytest.fixture
def admin_user(db):
    return make_user("ada", "admin", is_staff=True)


@pytest.fixture
def integrity(db):
    """Use after data-heavy tests: at the end, `check_integrity` finds nothing (every claim's
    offsets match its article, every status its last event; kzclaims.integrity)."""
    from kzclaims.integrity import findings

    yield
    assert [str(finding) for finding in findings()] == []


@pytest.fixture
def seeds(db):
    """The five seed articles with their outlets, as `make run` loads them."""
    call_command("loaddata", "outlets", "articles", verbosity=0)
    from kzclaims.models import Article

    return list(Article.objects.select_related("outlet").order_by("pk"))


def login(page, live_server, user):
    """Signs in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def page_signed_in(browser, live_server, user, path="/"):
    """A page in a browser context of its own (its own cookies), signed in as `user` and open
    at `path`: one of several editors working at once."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(page, live_server, user)
    page.goto(f"{live_server.url}{path}")
    return page
