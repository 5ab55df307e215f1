import pytest

from tests.conftest import make_user


@pytest.fixture
def editors(db):
    """Three editors, as in the issue's browser tests."""
    return [make_user(name, "editor") for name in ("anna", "boris", "chen")]


@pytest.fixture
def resolver(db):
    return make_user("rosa", "editor")
