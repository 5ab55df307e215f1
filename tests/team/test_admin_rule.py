"""One definition of "admin" (kzclaims.roles.is_admin): the team pages (who assigns and sees
every blind tag) and the agreement pages (who sees the figures and resolves) agree on it."""

import pytest
from django.contrib.auth.models import Permission

from kzclaims.agreement import access
from kzclaims.team import selectors
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def people():
    direct = make_user("direct", is_staff=True)
    direct.user_permissions.add(Permission.objects.get(codename="add_assignment"))
    return {
        "staff in the admin group": (make_user("adm", "admin", is_staff=True), True),
        "a staff superuser": (make_user("root", is_staff=True, is_superuser=True), True),
        "staff given the permission directly": (direct, True),
        "the admin group without staff": (make_user("nostaff", "admin"), False),
        "a staff editor": (make_user("staffed", "editor", is_staff=True), False),
        "an editor": (make_user("ed", "editor"), False),
        "an inactive admin": (make_user("gone", "admin", is_staff=True, is_active=False), False),
    }


def test_the_team_and_agreement_pages_ask_the_same_question():
    for who, (user, expected) in people().items():
        assert selectors.can_assign(user) is expected, who
        assert access.is_admin(user) is expected, who
