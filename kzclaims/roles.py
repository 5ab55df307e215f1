"""The roles: editors tag claims; viewers read and export; admins (staff users in the admin group)
also import articles and manage users. Superusers can do everything."""

# What makes an admin in the team's pages (assignments, every blind tag, agreement, resolution):
# a permission the admin group holds (0009 granted it) rather than the group's name, so that a
# superuser counts and the templates' `perms.kzclaims.add_assignment` say the same thing.
ADMIN_PERMISSION = "kzclaims.add_assignment"


def is_admin(user) -> bool:
    """An admin: an active staff user in the admin group (or a superuser, or staff given the
    permission directly). The one definition; kzclaims.team and kzclaims.agreement ask here."""
    return bool(user.is_active and user.is_staff and user.has_perm(ADMIN_PERMISSION))


# Group name -> permission codenames of kzclaims; None means every permission of kzclaims's
# models and of users and groups.
ROLES = {
    "editor": ["tag_claim"],
    "viewer": [],
    "admin": None,
}


def ensure_roles(group_model, permission_model):
    """Creates the role groups with their permissions; takes the models as arguments so that the
    data migration can pass its historical ones."""
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        if codenames is None:
            permissions = permission_model.objects.filter(
                content_type__app_label__in=["kzclaims", "auth"]
            )
        else:
            permissions = permission_model.objects.filter(
                content_type__app_label="kzclaims", codename__in=codenames
            )
        group.permissions.add(*permissions)
