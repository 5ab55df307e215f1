"""Writes of the import flow: plan an import (what would be created, skipped, rejected), then
carry it out all or nothing, and retry failed extractions. The preview and the import run the
same code on the same bytes, so nothing the client sends back is trusted without re-validation."""

from dataclasses import dataclass, field
from itertools import batched

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from kzclaims.imports.detection import detect_outlet
from kzclaims.imports.parsing import ArticleRecord, Parsed, Problem, parse_files
from kzclaims.models import Article, ImportBatch, Outlet
from kzclaims.tasks import enqueue_extraction
from kzclaims.timezones import publication

UNKNOWN_OUTLET = "Unknown outlet"
BULK_SIZE = 500


class ImportRejected(Exception):
    """Nothing was imported: the problems say what is wrong and where."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems[:5]))


@dataclass
class PlannedArticle:
    record: ArticleRecord
    outlet: str
    outlet_how: str  # "given", "detected" or "default"
    skip_reason: str = ""

    @property
    def skipped(self):
        return bool(self.skip_reason)


@dataclass
class PlannedOutlet:
    name: str
    values: dict = field(default_factory=dict)


@dataclass
class ImportPlan:
    articles: list[PlannedArticle] = field(default_factory=list)
    new_outlets: dict[str, PlannedOutlet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def to_create(self):
        return [planned for planned in self.articles if not planned.skipped]

    @property
    def to_skip(self):
        return [planned for planned in self.articles if planned.skipped]

    @property
    def ok(self):
        return not self.problems


@dataclass
class ImportResult:
    batch: ImportBatch | None
    created: list[int]
    skipped: list[PlannedArticle]
    new_outlets: list[str]


def outlet_slug(name: str) -> str:
    """The outlet's slug: ASCII when the name allows, else Unicode ("Известия")."""
    return (slugify(name) or slugify(name, allow_unicode=True) or "outlet")[:200]


class _Outlets:
    """Outlet names as given, matched to existing outlets by name or slug, case-insensitively;
    unknown names become new outlets (slugified)."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        self.by_key = {}
        for pk, name, slug in Outlet.objects.values_list("pk", "name", "slug"):
            self.by_key[name.casefold()] = name
            self.by_key[slug] = name
            self.by_key[("pk", pk)] = name

    def resolve(self, name: str, values=None) -> str:
        key = name.casefold()
        slug = outlet_slug(name)
        given_slug = (values or {}).get("slug")
        if known := self.by_key.get(key) or self.by_key.get(slug) or self.by_key.get(given_slug):
            return known
        self.plan.new_outlets[name] = PlannedOutlet(name, dict(values or {}))
        self.by_key[key] = self.by_key[slug] = name
        if given_slug:
            self.by_key[given_slug] = name
        return name


def plan_import(parsed: Parsed) -> ImportPlan:
    """What importing `parsed` would do to the database as it is now."""
    plan = ImportPlan(problems=list(parsed.problems))
    outlets = _Outlets(plan)
    fixture_outlets = {}
    for record in parsed.outlets:
        name = outlets.resolve(record.name, record.values)
        if record.pk is not None:
            fixture_outlets[record.pk] = name

    for record in parsed.articles:
        match record.outlet_ref:
            case ("pk", pk):
                name = fixture_outlets.get(pk) or outlets.by_key.get(("pk", pk))
                if name is None:
                    plan.problems.append(
                        Problem(
                            record.file,
                            record.outlet_line or record.line,
                            "outlet",
                            f"outlet {pk} is neither defined in this file nor in the database",
                        )
                    )
                    continue
                how = "given"
            case ("name", given):
                name, how = outlets.resolve(given), "given"
            case _:
                if detected := detect_outlet(record.body):
                    name, how = outlets.resolve(detected), "detected"
                else:
                    name, how = outlets.resolve(UNKNOWN_OUTLET), "default"
        plan.articles.append(PlannedArticle(record, name, how))

    _mark_duplicates(plan)
    return plan


def _mark_duplicates(plan: ImportPlan):
    """An article whose text is already stored, or given twice in this upload, is skipped."""
    hashes = {planned.record.content_hash for planned in plan.articles}
    stored = {}
    for chunk in batched(hashes, BULK_SIZE):
        stored.update(
            (digest, (pk, title))
            for digest, pk, title in Article.objects.filter(content_hash__in=chunk).values_list(
                "content_hash", "pk", "title"
            )
        )
    first_seen = {}
    for planned in plan.articles:
        digest = planned.record.content_hash
        if digest in stored:
            pk, title = stored[digest]
            planned.skip_reason = f"already present as article {pk} “{title}”"
        elif digest in first_seen:
            planned.skip_reason = f"same text as {first_seen[digest].where} in this import"
        else:
            first_seen[digest] = planned.record


def preview_import(*, files) -> ImportPlan:
    """A dry run: `files` are (name, bytes) pairs; nothing is written."""
    return plan_import(parse_files(files))


@transaction.atomic
def import_articles(*, files, user=None, source: str = "", extract: bool = True) -> ImportResult:
    """Imports `files` all or nothing: any problem raises ImportRejected and writes nothing.
    Articles already present (same content hash) are skipped and reported. With `extract`, one
    extraction task per new article is enqueued once the import commits."""
    plan = preview_import(files=files)
    if plan.problems:
        raise ImportRejected(plan.problems)
    if not plan.to_create and not plan.new_outlets:
        return ImportResult(None, [], plan.to_skip, [])

    names = ", ".join(dict.fromkeys(planned.record.file for planned in plan.articles))
    try:
        with transaction.atomic():
            batch, articles = _store(plan, user=user, source=source or names)
    except IntegrityError as error:
        # A concurrent import stored the same article or outlet between the plan and now.
        raise ImportRejected(
            [Problem(names, None, None, f"another import changed the same data; retry ({error})")]
        ) from error
    created = [article.pk for article in articles]
    if extract:
        enqueue_extraction(created)
    return ImportResult(batch, created, plan.to_skip, list(plan.new_outlets))


def _store(plan: ImportPlan, *, user, source):
    outlets = {}
    for planned in plan.new_outlets.values():
        values = {"slug": outlet_slug(planned.name), **planned.values}
        outlets[planned.name] = Outlet.objects.create(name=planned.name, **values)
    needed = {planned.outlet for planned in plan.to_create} - set(outlets)
    outlets.update((outlet.name, outlet) for outlet in Outlet.objects.filter(name__in=needed))
    batch = ImportBatch.objects.create(source=source[:500], created_by=user)
    articles = [
        Article(
            outlet=outlets[planned.outlet],
            title=planned.record.title,
            body=planned.record.body,
            content_hash=planned.record.content_hash,
            **publication(planned.record.published, planned.record.body),
            url=planned.record.url,
            language=planned.record.language,
            import_batch=batch,
        )
        for planned in plan.to_create
    ]
    Article.objects.bulk_create(articles, batch_size=BULK_SIZE)
    return batch, articles


@transaction.atomic
def retry_extraction(*, article_ids, only_failed: bool = True) -> int:
    """Enqueues the extraction again for those of `article_ids` that failed (with
    `only_failed=False`: that are not running right now)."""
    articles = Article.objects.filter(pk__in=list(article_ids))
    if only_failed:
        articles = articles.filter(extraction_status=Article.Extraction.FAILED)
    else:
        articles = articles.exclude(extraction_status=Article.Extraction.RUNNING)
    return enqueue_extraction(list(articles.values_list("pk", flat=True)))
