"""Gives the admin role the permissions of the team review models (0008): the roles migration
(0002) granted the permissions that existed then, and admins assign work through
`add_assignment`. Idempotent; the reverse leaves the grants (they are harmless)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from kzclaims.roles import ensure_roles


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for label in ("auth", "kzclaims"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("kzclaims", "0008_team_review")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
