"""Merge and split: the claims and aliases move in one transaction and each side gets a
SpeakerEvent naming who did it and what moved. Review statuses and events are untouched: a claim
keeps its status whichever speaker it belongs to, and re-extraction finds the merged speaker
through the aliases that moved with it."""

from django.db import transaction

from kzclaims.models import (
    Claim,
    Speaker,
    SpeakerAlias,
    SpeakerEvent,
    normalize_alias,
    speaker_sort_key,
)


class IdentityError(ValueError):
    """A merge or a split that cannot be done, with the reason to show."""


def _locked(pks) -> dict[int, Speaker]:
    return {s.pk: s for s in Speaker.objects.select_for_update().filter(pk__in=pks)}


def merge_speakers(*, target_id: int, source_ids: list[int], user) -> Speaker:
    """Moves every claim and alias of the sources to the target; the sources stay, marked as
    merged into it, so that the merge can be read and split again."""
    source_ids = [pk for pk in dict.fromkeys(source_ids) if pk != target_id]
    if not source_ids:
        raise IdentityError("Choose at least one other speaker to merge in.")
    with transaction.atomic():
        rows = _locked([target_id, *source_ids])
        target = rows.get(target_id)
        if target is None or target.merged_into_id:
            raise IdentityError("This speaker no longer exists as a speaker of its own.")
        for pk in source_ids:
            source = rows.get(pk)
            if source is None or source.merged_into_id:
                raise IdentityError("One of the chosen speakers was merged or removed meanwhile.")
            claim_ids = list(Claim.objects.filter(speaker=source).values_list("pk", flat=True))
            aliases = list(
                SpeakerAlias.objects.filter(speaker=source).values_list("alias", flat=True)
            )
            Claim.objects.filter(pk__in=claim_ids).update(
                speaker=target, speaker_sort=speaker_sort_key(target)
            )
            SpeakerAlias.objects.filter(speaker=source).update(speaker=target)
            key = normalize_alias(source.name)
            if key and not SpeakerAlias.objects.filter(normalized=key).exists():
                SpeakerAlias.objects.create(speaker=target, alias=source.name)
                aliases.append(source.name)
            source.merged_into = target
            source.save(update_fields=["merged_into"])
            detail = {"aliases": sorted(aliases), "claims": claim_ids}
            SpeakerEvent.objects.create(
                speaker=target, action="merged", other=source, other_name=source.name,
                detail=detail, user=user,
            )  # fmt: skip
            SpeakerEvent.objects.create(
                speaker=source, action="merged_into", other=target, other_name=target.name,
                detail=detail, user=user,
            )  # fmt: skip
    return target


def split_speaker(*, speaker_id: int, alias_ids: list[int], name: str, user) -> Speaker:
    """Moves the chosen aliases, and the claims whose mention is one of them, to a speaker of
    that name: the one merged in earlier under that name, else a new one."""
    name = " ".join((name or "").split())[:300]
    if not name:
        raise IdentityError("Give the speaker that is split off a name.")
    with transaction.atomic():
        speaker = _locked([speaker_id]).get(speaker_id)
        if speaker is None or speaker.merged_into_id:
            raise IdentityError("This speaker no longer exists as a speaker of its own.")
        aliases = list(SpeakerAlias.objects.filter(speaker=speaker, pk__in=alias_ids))
        if not aliases:
            raise IdentityError("Choose the spellings that belong to the other speaker.")
        if len(aliases) == speaker.aliases.count():
            raise IdentityError("Keep at least one spelling with this speaker.")
        other = Speaker.objects.select_for_update().filter(name=name).first()
        if other is not None and other.merged_into_id != speaker.pk:
            raise IdentityError(f"A speaker named {name!r} exists already: merge instead.")
        if other is None:
            other = Speaker.objects.create(
                name=name, kind=speaker.kind, speaker_type=speaker.speaker_type
            )
        else:
            other.merged_into = None
            other.save(update_fields=["merged_into"])
        keys = {a.normalized for a in aliases}
        claim_ids = [
            pk
            for pk, mention in Claim.objects.filter(speaker=speaker).values_list(
                "pk", "speaker_mention"
            )
            if normalize_alias(mention) in keys
        ]
        Claim.objects.filter(pk__in=claim_ids).update(
            speaker=other, speaker_sort=speaker_sort_key(other)
        )
        SpeakerAlias.objects.filter(pk__in=[a.pk for a in aliases]).update(speaker=other)
        detail = {"aliases": sorted(a.alias for a in aliases), "claims": claim_ids}
        SpeakerEvent.objects.create(
            speaker=speaker, action="split", other=other, other_name=other.name,
            detail=detail, user=user,
        )  # fmt: skip
        SpeakerEvent.objects.create(
            speaker=other, action="split_from", other=speaker, other_name=speaker.name,
            detail=detail, user=user,
        )  # fmt: skip
    return other
