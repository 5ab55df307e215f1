"""Team review fixtures: three editors, an admin, and claims made directly (tests/review's
factories), with helpers that assign them and tag them blind through the services."""

import pytest

from kzclaims.team import services
from tests.conftest import make_user
from tests.review.conftest import make_claims, review_data  # noqa: F401 - a fixture


@pytest.fixture
def alice(db):
    return make_user("alice", "editor")


@pytest.fixture
def bob(db):
    return make_user("bob", "editor")


@pytest.fixture
def carol(db):
    return make_user("carol", "editor")


@pytest.fixture
def boss(db):
    return make_user("boss", "admin", is_staff=True)


@pytest.fixture
def claims(db):
    return make_claims(6)


def assign(boss, editors, claims, reviews=1, **extra):
    return services.create_assignment(
        user=boss,
        title=extra.pop("title", "Work"),
        editors=editors,
        reviews_required=reviews,
        claim_ids=[c.pk for c in claims],
        **extra,
    )
