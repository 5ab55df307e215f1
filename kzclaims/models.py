"""What kzclaims stores: outlets and their articles, speakers, the claims extracted from the
articles with the outlet's framing, the figures inside claims, and the editors' review events."""

import hashlib
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.text import slugify

from kzclaims.text import NameValidator, PublishedValidator
from kzclaims.timezones import validate_zone


def content_hash(body: str) -> str:
    """The identity of an article's text: NFC, line endings and outer white space normalised, so
    the same article pasted twice or saved by another editor is recognised."""
    text = unicodedata.normalize("NFC", body).replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span_content(body: str, start: int, end: int, part_spans=None) -> str:
    """The content a claim's offsets give: its span, or (a quotation split by its attribution)
    its parts joined by a space."""
    if part_spans:
        return " ".join(body[a:b] for a, b in part_spans)
    return body[start:end]


def normalize_alias(name: str) -> str:
    """The key under which spellings of one speaker meet: case, accents and punctuation folded."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    kept = "".join(ch if ch.isalnum() else " " for ch in folded if not unicodedata.combining(ch))
    return " ".join(kept.split())


class Outlet(models.Model):
    class Ownership(models.TextChoices):
        STATE = "state", "State"
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public service"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200, unique=True, validators=[NameValidator()])
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    country = models.CharField(max_length=100, blank=True)
    ownership = models.CharField(
        max_length=20, choices=Ownership.choices, default=Ownership.UNKNOWN
    )
    language = models.CharField(max_length=12, default="en")
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ownership__in=["state", "private", "public", "unknown"]),
                name="outlet_ownership_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def free_slug(cls, name: str, taken=()) -> str:
        """A slug for `name` that no other outlet has (nor any of `taken`): ASCII when the name
        allows, else Unicode ("Известия"); "vlast-kz-2" when "Vlast.kz" and "Vlast KZ" would
        meet on one slug."""
        base = (slugify(name) or slugify(name, allow_unicode=True) or "outlet")[:190]
        slug, n = base, 1
        while slug in taken or cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class ImportBatch(models.Model):
    """One upload or command-line import: what the extraction progress of imported articles is
    counted against."""

    source = models.CharField(max_length=500, help_text="File names or the command that imported")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"


class Article(models.Model):
    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    published = models.DateTimeField(null=True, blank=True, validators=[PublishedValidator()])
    # The zone the outlet published in: an IANA name ("Asia/Almaty") or a UTC offset ("+03:00");
    # blank when unknown (UTC). Set at import by kzclaims.timezones.publication().
    published_zone = models.CharField(max_length=64, blank=True, validators=[validate_zone])
    url = models.URLField(max_length=1000, blank=True)
    body = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=12, default="en")
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    extraction_status = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # While running, the extraction holds the article until this moment; a worker that dies
    # (killed, out of memory, database gone) lets it lapse, and the article is extracted again.
    extraction_lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published", "title"]
        indexes = [
            models.Index(fields=["published"]),
            # The queue's default sort: newest article first, then reading order.
            models.Index(F("published").desc(), "id", name="article_newest_idx"),
            # The outlet filter: an outlet's articles, newest first, without reading their rows.
            models.Index("outlet", F("published").desc(), "id", name="article_outlet_newest_idx"),
            models.Index(fields=["extraction_status"]),
            # An article's date by its id without reading its row: "My queue" sorts its claims
            # (found by id) by date through it.
            models.Index("id", name="article_published_by_id_idx", include=["published"]),
            # The compare page's cache fingerprint (the latest extraction) without a table scan.
            models.Index(fields=["extracted_at"], name="article_extracted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(extraction_status__in=["pending", "running", "done", "failed"]),
                name="article_extraction_status_valid",
            ),
        ]
        permissions = [("import_articles", "Can import articles")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("review:article", args=[self.pk])


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    class Type(models.TextChoices):
        OFFICIAL = "official", "Official"
        EXPERT = "expert", "Expert"
        MEDIA = "media", "Media"
        PUBLIC = "public", "Public"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=300, unique=True, help_text="Canonical name", validators=[NameValidator()]
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    speaker_type = models.CharField(max_length=10, choices=Type.choices, default=Type.OTHER)
    affiliation = models.CharField(max_length=300, blank=True)
    # Set when an editor merged this speaker into another: its claims and aliases moved there;
    # the row stays so that its history can be read and the merge split again.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation"]), name="speaker_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(speaker_type__in=["official", "expert", "media", "public", "other"]),
                name="speaker_type_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or "name" in update_fields):
            # A rename re-keys the queue's speaker sort of its claims (Claim.speaker_sort).
            Claim.objects.filter(speaker=self).exclude(speaker_sort=self.name).update(
                speaker_sort=self.name
            )

    def get_absolute_url(self):
        return reverse("review:speaker", args=[self.pk])


class SpeakerAlias(models.Model):
    """A spelling of a speaker ("Tokayev", "Kazakh President Kassym-Jomart Tokayev"); the
    normalised form is unique, so one spelling can never name two speakers."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300, validators=[NameValidator()])
    normalized = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "speaker aliases"

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalized = normalize_alias(self.alias)
        super().save(*args, **kwargs)


class SpeakerEvent(models.Model):
    """Append-only history of a speaker's identity: merges, splits and aliases linked by the
    extraction, with who did it and what moved (names, aliases, claim ids)."""

    class Action(models.TextChoices):
        MERGED = "merged", "Merged another speaker in"
        MERGED_INTO = "merged_into", "Merged into another speaker"
        SPLIT = "split", "Split off a speaker"
        SPLIT_FROM = "split_from", "Split off from another speaker"
        LINKED = "linked", "Spelling linked by the extraction"

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    other = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_name = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["merged", "merged_into", "split", "split_from", "linked"]),
                name="speaker_event_action_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.other_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Speaker events are append-only.")
        super().save(*args, **kwargs)


class SameClaimGroup(models.Model):
    """Claims that make the same statement, as relayed by several outlets or speakers
    (kzclaims.same_claims decides which, when claims are stored). Kept up to date so that no
    page has to group all claims; the counts order the compare page."""

    outlet_count = models.PositiveIntegerField(default=0)
    claim_count = models.PositiveIntegerField(default=0)
    # The speakers' names, sorted and joined: the compare page's order within a width.
    label = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(F("outlet_count").desc(), "label", "id", name="same_group_width_idx"),
        ]

    def __str__(self):
        return f"{self.claim_count} claims in {self.outlet_count} outlets"


class ClaimKind(models.TextChoices):
    DIRECT = "direct", "Direct quotation"
    FRAGMENT = "fragment", "Quoted fragment"
    INDIRECT = "indirect", "Reported speech"


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    OFFICIAL_ONLY = "official_only", "Official-only"


class ClaimMode(models.TextChoices):
    SPEECH = "speech", "Speech"
    THOUGHT = "thought", "Thought"


class CueStance(models.TextChoices):
    NEUTRAL = "neutral", "Neutral"
    ASSERTIVE = "assertive", "Assertive"
    DISTANCING = "distancing", "Distancing"
    DIRECTIVE = "directive", "Directive"


# The columns the queue filters by default (claim_filters: not superseded, top-level, speech),
# carried by the sort indexes on PostgreSQL (SQLite has no INCLUDE: settings silence its
# warning, models.W040).
COVERING = ["superseded_at", "parent", "mode"]
# The queue's default filter itself, as the condition of the partial indexes that count its
# claims (or an editor's assigned ones) from the index alone.
IN_QUEUE = Q(superseded_at__isnull=True, parent__isnull=True, mode=ClaimMode.SPEECH)


def speaker_sort_key(speaker: Speaker | None) -> str | None:
    """What Claim.speaker_sort holds for a claim of `speaker`."""
    return speaker.name if speaker is not None else None


def unset_speaker(collector, field, sub_objs, using):
    """on_delete of Claim.speaker: SET_NULL, and the speaker sort's key with it."""
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(field.model._meta.get_field("speaker_sort"), None, sub_objs)


class Claim(models.Model):
    Kind = ClaimKind
    Status = ClaimStatus
    Stance = CueStance
    Mode = ClaimMode

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=unset_speaker, related_name="claims"
    )
    # The speaker's name, kept with the claim so that an index serves the queue's speaker sort
    # (a sort on the joined name scans every filtered claim). Set on save, on a rename
    # (Speaker.save), by merge and split (speakers.services) and by bulk writers through
    # speaker_sort_key; `check_integrity` verifies it.
    # None without a speaker, so that those claims sort last (NULLS LAST, the index's order).
    speaker_sort = models.CharField(  # noqa: DJ001
        max_length=300, null=True, blank=True, editable=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the content in the article body")
    end = models.PositiveIntegerField()
    speaker_mention = models.CharField(max_length=300, blank=True)
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(max_length=100, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    channel = models.CharField(max_length=200, blank=True)
    via = models.CharField(max_length=200, blank=True)
    # {"hedges": [...], "labels": [...], "scare_quotes": [...]}: lists of strings.
    framing = models.JSONField(default=dict, blank=True)
    confidence = models.FloatField(default=0.5)
    # speech (said, told, according to, quotations) or thought (believes, sees, wants, and a
    # stance towards a thing); the queue shows speech by default.
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.SPEECH)
    # A claim reported inside another claim's content (nested), or a quoted phrase of a
    # reported clause (a fragment), points at that claim.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    nested = models.BooleanField(default=False)
    # [[start, end], ...] of each part of a quotation split by its attribution; content is
    # the parts joined by a space.
    part_spans = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.UNREVIEWED)
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=1000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every review write; a write carrying an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a re-extraction no longer finds the claim in the article's text: a claim with an
    # editor's work is kept with its history instead of deleted; its offsets are those of the
    # text it was found in, and it is left out of the queue and the reader's highlights.
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # None while the claim is alone; see kzclaims.same_claims.
    same_group = models.ForeignKey(
        SameClaimGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )

    class Meta:
        ordering = ["article", "start"]
        indexes = [
            models.Index(fields=["status"]),
            # The kind and stance filters count their claims from the index alone (at 100,000
            # claims a count over the table took 60-70 ms, from these indexes ~8 ms).
            models.Index(fields=["kind"], name="claim_kind_idx", include=COVERING),
            models.Index(fields=["cue_stance"], name="claim_stance_idx", include=COVERING),
            models.Index(fields=["speaker", "status"]),
            # The queue's claims by id, with the keys of the sorts on the claim itself: its
            # count, and "My queue" probing each assigned claim from the index alone, so that
            # the planner drives it from the editor's assigned rows (a nested loop) rather than
            # hashing them against every claim (the plan any deep My queue page took).
            models.Index(
                "id",
                name="claim_queue_id_idx",
                condition=IN_QUEUE,
                include=["confidence", "status", "article", "start"],
            ),
            # The queue's claims in reading order: the article sort, and the counts of the
            # filters reached through the article (outlet, title, article), index-only.
            models.Index(
                fields=["article", "start", "id"],
                name="claim_queue_article_idx",
                condition=IN_QUEUE,
            ),
            models.Index(fields=["mode", "nested"], name="claim_mode_nested_idx"),
            # One per queue sort (claim_filters.SORTS) and for the speaker page, with the id and
            # the columns of the queue's default filters (COVERING), so that a page's ids are
            # read from the index alone (an index-only scan), deep pages too: at 100,000 claims
            # page 800 by heap lookups or a sort took 300-800 ms, from the index ~60 ms.
            models.Index(
                F("confidence").desc(),
                "article",
                "start",
                "id",
                name="claim_confidence_idx",
                include=COVERING,
            ),
            models.Index(
                fields=["status", "article", "start", "id"],
                name="claim_status_sort_idx",
                include=COVERING,
            ),
            # The speaker page's order, and the speaker and speaker-type filters' counts.
            models.Index(
                fields=["speaker", "article", "start", "id"],
                name="claim_speaker_sort_idx",
                include=COVERING,
            ),
            # The speaker sort (ascending, claims without a speaker last: PostgreSQL's default).
            models.Index(
                fields=["speaker_sort", "article", "start", "id"],
                name="claim_speaker_name_idx",
                include=COVERING,
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="claim_content_span_nonempty"
            ),
            models.CheckConstraint(
                condition=Q(speaker_start__isnull=True, speaker_end__isnull=True)
                | Q(
                    speaker_start__isnull=False,
                    speaker_end__isnull=False,
                    speaker_start__lt=F("speaker_end"),
                ),
                name="claim_speaker_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True, cue_end__isnull=True)
                | Q(cue_start__isnull=False, cue_end__isnull=False, cue_start__lt=F("cue_end")),
                name="claim_cue_span_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(condition=Q(mode__in=ClaimMode.values), name="claim_mode_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(cue_stance__in=["", *CueStance.values]),
                name="claim_cue_stance_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="claim_confidence_range",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(superseded_at__isnull=True),
                name="claim_unique_current_span_per_article",
            ),
        ]
        permissions = [("tag_claim", "Can tag claims")]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "speaker" in update_fields:
            self.speaker_sort = speaker_sort_key(self.speaker)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "speaker_sort"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("review:claim", args=[self.pk])

    @property
    def superseded(self) -> bool:
        return self.superseded_at is not None

    def clean(self):
        # Offsets are the contract between extraction, the reader's highlights and exports.
        if self.article_id and not self.superseded and self.expected_content() != self.content:
            raise ValidationError({"content": "Content does not match the article at its offsets"})

    def expected_content(self) -> str:
        return span_content(self.article.body, self.start, self.end, self.part_spans)


class Figure(models.Model):
    """A number inside a claim read as a measurement ("5,969" people detained, "more than 2,000"
    troops deployed as of January 10): see kzclaims/comparison/figures.py for how two compare."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures")
    text = models.CharField(max_length=100, help_text="As written")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    # The range the words allow: equal for an exact figure, `high` empty for "more than".
    low = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    approx = models.CharField(max_length=40, blank=True, help_text="Approximator as written")
    measure = models.CharField(max_length=60, blank=True, help_text="What is counted")
    counted = models.CharField(
        max_length=100, blank=True, help_text="Who is counted, when it narrows the measure"
    )
    as_of = models.CharField(max_length=100, blank=True, help_text="Reference time as written")
    reference_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "id"]
        indexes = [
            models.Index(fields=["subject"]),
            models.Index(fields=["measure", "counted", "reference_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="figure_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.text} {self.subject}".strip()


class ReviewEvent(models.Model):
    """Append-only history of a claim's status, in the manner of admin's LogEntry: rows are
    written once by the review service and never updated."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=14, choices=Claim.Status.choices)
    to_status = models.CharField(max_length=14, choices=Claim.Status.choices)
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(db_default=Now())
    # Undo as history (kzclaims/review/history.py): an undo or redo is a new event that points
    # at the event it reverts; the events of one bulk tag share a batch and undo as one step.
    # Team review (kzclaims/team/) adds two: "settle" when two blind reviews agree, "resolve"
    # when a resolver decides a disagreement.
    action = models.CharField(
        max_length=8,
        choices=[
            ("change", "Change"),
            ("undo", "Undo"),
            ("redo", "Redo"),
            ("settle", "Settled by agreement"),
            ("resolve", "Resolved"),
        ],
        default="change",
        db_default="change",
    )
    reverts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    batch = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["claim", "-created_at"]),
            models.Index(fields=["user", "action", "-id"], name="review_event_user_walk"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=ClaimStatus.values)
                & Q(to_status__in=ClaimStatus.values),
                name="review_event_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Review events are append-only.")
        super().save(*args, **kwargs)


class StagedImport(models.Model):
    """An upload between the admin's import preview and its confirmation: kept in a table rather
    than the session (uploads go up to KZCLAIMS_IMPORT_MAX_BYTES), bound to the user who made
    it, and deleted once imported or when it expires (KZCLAIMS_IMPORT_STAGING_SECONDS)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The uploaded files, zlib-compressed JSON: [[name, base64 bytes], ...].
    payload = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"import staged by {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Assignment(models.Model):
    """Work an admin hands to editors: a set of claims (from any queue filter, or whole articles),
    each claim given to one editor, or to two for a double-blind review."""

    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())
    # 1: an editor's tag settles the claim as in single review; 2: two independent (blind)
    # reviews, settled when they agree or when a resolver decides.
    reviews_required = models.PositiveSmallIntegerField(
        choices=[(1, "One review"), (2, "Two blind reviews")], default=1
    )
    # Who decides disagreements; empty means any admin.
    resolver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolving_assignments",
    )
    # The queue filter the claims were chosen by (its query string), so the admin sees why.
    source_query = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_required__in=[1, 2]), name="assignment_reviews_one_or_two"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def blind(self) -> bool:
        return self.reviews_required == 2


class AssignedClaim(models.Model):
    """One claim given to one editor in one assignment (two rows per claim when double-blind).
    `done_at` is set when that editor has tagged the claim, so "My queue" and the progress
    counts are index reads, not scans of the history."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="items")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignments")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assigned_claims"
    )
    assigned_at = models.DateTimeField(db_default=Now())
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "claim"]
        indexes = [
            models.Index(fields=["editor", "done_at", "claim"], name="assigned_my_queue_idx"),
            models.Index(fields=["assignment", "editor", "done_at"], name="assigned_progress_idx"),
            models.Index(fields=["claim", "editor"], name="assigned_claim_editor_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "claim", "editor"], name="assigned_claim_once_per_editor"
            ),
        ]

    def __str__(self):
        return f"claim {self.claim_id} to {self.editor_id} ({self.assignment_id})"


class AssignmentEvent(models.Model):
    """Append-only history of assignments: created, claims given, reassigned, withdrawn."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        ASSIGN = "assign", "Assigned"
        REASSIGN = "reassign", "Reassigned"
        UNASSIGN = "unassign", "Withdrawn"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim_count = models.PositiveIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["create", "assign", "reassign", "unassign"]),
                name="assignment_event_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.claim_count} claims)"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Assignment events are append-only.")
        super().save(*args, **kwargs)


class BlindReview(models.Model):
    """One editor's independent tag on a claim under a double-blind assignment. Append-only: a
    change of mind is a new row, and the latest row per (claim, editor) is that editor's tag.
    These rows are hidden from every other editor until they have tagged the claim themselves,
    and the agreement figures read the first row of each editor (the original tags)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="blind_reviews"
    )
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="blind_reviews")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=14, choices=Claim.Status.choices)
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["claim", "editor", "-id"], name="blind_review_latest_idx"),
            models.Index(fields=["assignment", "claim"], name="blind_review_assignment_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["verified", "disputed", "official_only"]),
                name="blind_review_status_is_a_tag",
            ),
        ]

    def __str__(self):
        return f"{self.editor_id}: {self.status} on claim {self.claim_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Blind reviews are append-only.")
        super().save(*args, **kwargs)


class DoubleReview(models.Model):
    """Where a double-blind claim stands (a projection of its BlindReview rows and resolution
    events, kept by kzclaims/team/ services like Claim.status is kept by the review service):
    waiting for reviews, agreed, in disagreement (the resolution queue), or resolved."""

    class State(models.TextChoices):
        OPEN = "open", "Awaiting reviews"
        AGREED = "agreed", "Agreed"
        DISAGREED = "disagreed", "Disagreement"
        RESOLVED = "resolved", "Resolved"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="double_reviews"
    )
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="double_reviews")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["state", "assignment"], name="double_review_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "claim"], name="double_review_once_per_assignment"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "agreed", "disagreed", "resolved"]),
                name="double_review_state_valid",
            ),
        ]

    def __str__(self):
        return f"claim {self.claim_id}: {self.get_state_display()}"


class ZonePreference(models.Model):
    """In which zone a user reads dates: the article's own (the default, so "MOSCOW, January 7"
    shows 7 Jan), UTC, or one IANA zone of their choice. Append-only like every other change: the
    newest row is the user's choice, the older ones say what it was before
    (kzclaims/preferences/)."""

    class Mode(models.TextChoices):
        ARTICLE = "article", "Each article's own time zone"
        UTC = "utc", "UTC"
        ZONE = "zone", "A time zone I choose"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="zone_preferences"
    )
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.ARTICLE)
    # The chosen IANA name ("Asia/Almaty"), only for Mode.ZONE.
    zone = models.CharField(max_length=64, blank=True, validators=[validate_zone])
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        indexes = [models.Index(fields=["user", "-id"], name="zone_preference_latest")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(mode="zone") & ~Q(zone=""))
                | (Q(mode__in=["article", "utc"]) & Q(zone="")),
                name="zone_preference_zone_only_when_chosen",
            ),
        ]

    def __str__(self):
        return f"{self.user} reads dates in {self.zone or self.get_mode_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Zone preferences are append-only: save a new one.")
        super().save(*args, **kwargs)
