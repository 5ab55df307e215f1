"""The roles: editors tag claims; viewers read and export; admins (staff users in the admin group)
also import articles and manage users. Superusers can do everything."""

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
