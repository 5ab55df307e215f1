"""Who may see agreement figures and decide disagreements. Individual blind tags must not reach
the editors who are still tagging, so only admins and designated resolvers get in: an admin sees
and resolves every double-blind assignment, a resolver only the assignments naming them."""

from django.core.exceptions import PermissionDenied

from kzclaims.models import Assignment
from kzclaims.roles import is_admin

__all__ = ["assignment_scope", "can_resolve", "is_admin", "is_resolver"]


def is_resolver(user) -> bool:
    return bool(user.is_active) and Assignment.objects.filter(resolver=user).exists()


def can_resolve(user, assignment: Assignment) -> bool:
    return is_admin(user) or (user.is_active and assignment.resolver_id == user.pk)


def require_admin_or_resolver(request) -> None:
    if not (is_admin(request.user) or is_resolver(request.user)):
        raise PermissionDenied("Only admins and resolvers see agreement and disagreements.")


def assignment_scope(user):
    """The double-blind assignments whose tags `user` may see: every one for an admin (None),
    else those that name them as resolver."""
    if is_admin(user):
        return None
    return Assignment.objects.filter(resolver=user, reviews_required=2)
