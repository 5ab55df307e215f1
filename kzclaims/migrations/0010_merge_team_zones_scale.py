"""Joins the three 0009 branches (team review permissions, zone preferences, the speaker sort
key) and grants the admin role the permissions of every model that exists now, as 0009 did for
the team review models (a sibling 0009 may have run after it)."""

import importlib

from django.db import migrations

grant = importlib.import_module("kzclaims.migrations.0009_team_assign_admin_permissions").grant


class Migration(migrations.Migration):
    dependencies = [
        ("kzclaims", "0009_access_zones_zone_preference"),
        ("kzclaims", "0009_scale_claim_speaker_sort"),
        ("kzclaims", "0009_team_assign_admin_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
