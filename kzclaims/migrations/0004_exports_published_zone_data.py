"""Existing articles get the zone of their dateline city. Their stored instants are kept as
they are: the offset the input gave was not stored, so only the zone can be recovered."""

from django.db import migrations

from kzclaims.timezones import dateline_zone


def set_zones(apps, schema_editor):
    Article = apps.get_model("kzclaims", "Article")
    articles = Article.objects.using(schema_editor.connection.alias).filter(published_zone="")
    changed = []
    for article in articles.only("pk", "body").iterator(chunk_size=500):
        if zone := dateline_zone(article.body):
            article.published_zone = zone
            changed.append(article)
        if len(changed) >= 500:
            Article.objects.bulk_update(changed, ["published_zone"])
            changed = []
    Article.objects.bulk_update(changed, ["published_zone"])


class Migration(migrations.Migration):
    dependencies = [("kzclaims", "0003_exports_published_zone")]

    operations = [migrations.RunPython(set_zones, migrations.RunPython.noop, elidable=True)]
