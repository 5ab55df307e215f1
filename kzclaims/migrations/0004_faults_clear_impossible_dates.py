"""Publication dates that no page can show: before 1900 (0001-01-01T00:30:00+01:00 falls in the
year 0 in UTC, which Python cannot represent, so every page that read it answered 500) or
in the year 9999. They were typing errors or hostile input that imports now refuse; the
articles keep everything else and show "no date". Each cleared article is logged."""

import datetime as dt
import logging

from django.db import migrations

log = logging.getLogger("kzclaims.migrations")


def clear(apps, schema_editor):
    Article = apps.get_model("kzclaims", "Article")
    impossible = Article.objects.filter(published__lt=dt.datetime(1900, 1, 1, tzinfo=dt.UTC)) | (
        Article.objects.filter(published__gte=dt.datetime(9999, 1, 1, tzinfo=dt.UTC))
    )
    # Only the ids are read: reading the dates themselves is what fails.
    ids = list(impossible.values_list("pk", flat=True))
    for pk in ids:
        log.warning("article %s: impossible publication date cleared", pk)
    Article.objects.filter(pk__in=ids).update(published=None)


class Migration(migrations.Migration):
    dependencies = [("kzclaims", "0003_faults_leases_superseded_staging")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
