"""Roles: editors tag claims; viewers read and export; admins (staff users in the admin group)
import articles and tag. Superusers can do everything."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "editor": ["tag_claim"],
    "viewer": [],
    # None: every permission of kzclaims's models and of users and groups.
    "admin": None,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("kzclaims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    auth_config = apps.get_app_config("auth")
    auth_config.models_module = True
    create_permissions(auth_config, apps=apps, verbosity=0)
    auth_config.models_module = None

    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames is None:
            permissions = Permission.objects.filter(
                content_type__app_label__in=["kzclaims", "auth"]
            )
        else:
            permissions = Permission.objects.filter(
                content_type__app_label="kzclaims", codename__in=codenames
            )
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kzclaims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
