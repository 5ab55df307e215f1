"""Access by role: a signed-in user who holds none of the roles (editor, viewer, admin) sees a
"no access" page and nothing else: no claims, no exports, no admin. Superusers hold every role.
Views still check the permission of each write themselves."""

from django.http import HttpRequest
from django.shortcuts import render
from django.urls import Resolver404, resolve

from kzclaims.roles import ROLES

# What a user without a role may still reach: signing out, and the health probe.
OPEN_TO_ALL = {"logout", "healthz"}


def has_role(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=ROLES).exists()


class RoleRequiredMiddleware:
    """After AuthenticationMiddleware and LoginRequiredMiddleware: anonymous requests are
    theirs to handle (the login page, or a redirect to it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._open(request) or has_role(user):
            return self.get_response(request)
        return render(request, "no_access.html", status=403)

    @staticmethod
    def _open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in OPEN_TO_ALL
