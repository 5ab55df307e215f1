"""Writes of the import flow: plan an import (what would be created, skipped, rejected), then
carry it out all or nothing, and retry failed extractions. The preview and the import run the
same code on the same bytes, so nothing the client sends back is trusted without re-validation."""

import base64
import datetime as dt
import json
import secrets
import zlib
from dataclasses import dataclass, field
from itertools import batched

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kzclaims.imports.detection import detect_outlet
from kzclaims.imports.parsing import ArticleRecord, Parsed, Problem, parse_files
from kzclaims.models import Article, ImportBatch, Outlet, StagedImport
from kzclaims.tasks import enqueue_extraction, stalled_q
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


class _Outlets:
    """Outlet names as given, matched to existing outlets by name, case-insensitively, or by a
    slug the fixture gives; unknown names become new outlets. Two different names never meet
    on one outlet because they slugify alike ("Vlast.kz" and "Vlast KZ"): each new outlet gets
    a slug of its own when it is stored."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        self.by_key = {}
        for pk, name, slug in Outlet.objects.values_list("pk", "name", "slug"):
            self.by_key[name.casefold()] = name
            self.by_key[("slug", slug)] = name
            self.by_key[("pk", pk)] = name

    def resolve(self, name: str, values=None) -> str:
        key = name.casefold()
        given_slug = (values or {}).get("slug")
        if known := self.by_key.get(key) or (given_slug and self.by_key.get(("slug", given_slug))):
            return known
        self.plan.new_outlets[name] = PlannedOutlet(name, dict(values or {}))
        self.by_key[key] = name
        if given_slug:
            self.by_key[("slug", given_slug)] = name
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
    outlets, slugs = {}, set()
    for planned in plan.new_outlets.values():
        values = dict(planned.values)
        if not values.get("slug"):
            values["slug"] = Outlet.free_slug(planned.name, taken=slugs)
        slugs.add(values["slug"])
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


def retryable(*, only_failed: bool = True) -> Q:
    """What a retry enqueues again: failed extractions and stalled ones (their worker died);
    with `only_failed=False` also pending and done ones, but never one a live worker runs."""
    condition = Q(extraction_status=Article.Extraction.FAILED) | stalled_q()
    if not only_failed:
        condition |= ~Q(extraction_status=Article.Extraction.RUNNING)
    return condition


@transaction.atomic
def retry_extraction(*, article_ids=None, batch=None, only_failed: bool = True) -> int:
    """Enqueues the extraction again for those of `article_ids` (or, when None, of `batch` or
    of every article) that `retryable` allows."""
    articles = Article.objects.all()
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    if batch is not None:
        articles = articles.filter(import_batch=batch)
    articles = articles.filter(retryable(only_failed=only_failed))
    return enqueue_extraction(list(articles.values_list("pk", flat=True)))


# --- the upload between preview and import ---------------------------------------------------


def _staging_expired():
    return StagedImport.objects.filter(
        created_at__lt=timezone.now()
        - dt.timedelta(seconds=settings.KZCLAIMS_IMPORT_STAGING_SECONDS)
    )


def stage_upload(*, files, user) -> str:
    """Keeps the previewed upload for its confirmation, server-side and bound to `user`; the
    client only ever holds the token. Expired uploads (anyone's) are dropped on the way, and
    the user's earlier preview is replaced."""
    _staging_expired().delete()
    StagedImport.objects.filter(user=user).delete()
    payload = [[name, base64.b64encode(data).decode("ascii")] for name, data in files]
    token = secrets.token_urlsafe(24)
    StagedImport.objects.create(
        token=token, user=user, payload=zlib.compress(json.dumps(payload).encode(), 6)
    )
    return token


def staged_upload(*, token: str, user):
    """The (name, bytes) pairs staged under `token` by `user`, or None when there are none (a
    wrong or expired token, another user's, or already imported)."""
    if not token or len(token) > 64:
        return None
    staged = (
        StagedImport.objects.filter(token=token, user=user)
        .exclude(pk__in=_staging_expired().values("pk"))
        .first()
    )
    if staged is None:
        return None
    payload = json.loads(zlib.decompress(bytes(staged.payload)))
    return [(name, base64.b64decode(data)) for name, data in payload]


def discard_staged(*, token: str, user) -> None:
    StagedImport.objects.filter(token=token, user=user).delete()
