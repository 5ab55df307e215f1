"""Full-text search of claim content on PostgreSQL (claim_filters.search): a stored, generated
tsvector column with a GIN index, so matching and ranking read the index and the stored vector
instead of parsing every matching claim per request. The column is the database's own (the
model does not declare it: it has no meaning on SQLite, which searches without it)."""

from django.db import migrations

CREATE = [
    """ALTER TABLE kzclaims_claim ADD COLUMN content_search tsvector
       GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(content, ''))) STORED""",
    "CREATE INDEX claim_content_search ON kzclaims_claim USING gin (content_search)",
]
DROP = [
    "DROP INDEX IF EXISTS claim_content_search",
    "ALTER TABLE kzclaims_claim DROP COLUMN IF EXISTS content_search",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("kzclaims", "0003_scale_groups_and_sort_indexes")]

    operations = [migrations.RunPython(create, drop)]
