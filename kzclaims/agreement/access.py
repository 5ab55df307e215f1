"""Who may see agreement figures and decide disagreements. Individual blind tags must not reach
the editors who are still tagging, so only admins and designated resolvers get in: an admin sees
and resolves every double-blind assignment, a resolver only the assignments naming them."""

from django.core.exceptions import PermissionDenied

from kzclaims.models import Assignment

ADMIN_GROUP = "admin"  # kzclaims.roles


def is_admin(user) -> bool:
    """A superuser, or staff in the admin group (README, Roles). By the group rather than a
    permission: the roles migration gave the admin group the permissions of the models that
    existed then, and the team-review models came later."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=ADMIN_GROUP).exists()


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
