"""Fault tests: every test here leaves data that must pass `check_integrity`."""

import pytest

from kzclaims.integrity import findings


@pytest.fixture
def integrity(db):
    """After the test: every claim's offsets match its article and every status its history."""
    yield
    problems = [str(finding) for finding in findings()]
    assert problems == [], "check_integrity found problems"
