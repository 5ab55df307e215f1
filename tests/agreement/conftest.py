import pytest

from tests.conftest import make_user


@pytest.fixture
def editors(db):
    """Three editors, as in the issue's browser tests."""
    return [make_user(name, "editor") for name in ("anna", "boris", "chen")]


@pytest.fixture
def resolver(db):
    return make_user("rosa", "editor")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """These tests make several users each; a fast hasher keeps their setup from dominating
    on a loaded machine (the real hasher is what tests/test_access.py and the login cover)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
