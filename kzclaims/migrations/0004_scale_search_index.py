"""The GIN index of claim_filters.search on PostgreSQL: the very expression the search filters on
(to_tsvector('simple', content)), so the planner uses it. Other databases search without it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("content", config="simple"), name="claim_content_search")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("kzclaims", "Claim"), INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("kzclaims", "Claim"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("kzclaims", "0003_scale_groups_and_sort_indexes")]

    operations = [migrations.RunPython(create, drop)]
