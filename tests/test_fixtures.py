from django.core.management import call_command

from kzclaims.models import Article, Outlet, content_hash


def test_seed_fixtures_load_with_their_outlets(seeds):
    assert len(seeds) == 5
    assert {a.outlet.name for a in seeds} == {"Interfax", "TASS", "Izvestia", "Unknown outlet"}
    for article in seeds:
        # loaddata bypasses save(): the stored hash must be the one save() would compute.
        assert article.content_hash == content_hash(article.body)
        assert article.title and article.published and len(article.body) > 1000


def test_loading_the_fixtures_again_changes_nothing(seeds):
    call_command("loaddata", "outlets", "articles", verbosity=0)
    assert Article.objects.count() == 5
    assert Outlet.objects.count() == 4


def test_unknown_outlet_can_be_corrected_by_an_editor(seeds):
    unknown = Outlet.objects.get(slug="unknown-outlet")
    article = unknown.articles.first()
    article.outlet = Outlet.objects.create(name="Kazinform", ownership="state")
    article.save()
    article.refresh_from_db()
    assert article.outlet.name == "Kazinform"
    assert article.content_hash == content_hash(article.body)
