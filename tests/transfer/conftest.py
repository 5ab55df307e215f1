"""Claims to export without running the extractor: made by hand on top of the seed articles."""

import datetime as dt

import pytest
from django.test import override_settings

from kzclaims.models import Claim, Figure, Speaker

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


@pytest.fixture
def claims(seeds, editor):
    """Four claims across three outlets: Cyrillic and Kazakh speakers, a figure, a formula."""
    interfax, tass, _, izvestia = seeds[0], seeds[1], seeds[2], seeds[4]
    tokayev = Speaker.objects.create(name="Қасым-Жомарт Тоқаев", speaker_type=Speaker.Type.OFFICIAL)
    ministry = Speaker.objects.create(
        name="МВД Казахстана", kind=Speaker.Kind.ORGANISATION, speaker_type=Speaker.Type.OFFICIAL
    )
    made = [
        Claim.objects.create(
            article=interfax,
            speaker=tokayev,
            kind=Claim.Kind.DIRECT,
            content="Ситуация стабилизировалась во всех регионах",
            start=10,
            end=50,
            cue="said",
            cue_stance=Claim.Stance.NEUTRAL,
            channel="statement",
            status=Claim.Status.VERIFIED,
            reviewed_by=editor,
            reviewed_at=dt.datetime(2022, 1, 11, 8, 30, tzinfo=dt.UTC),
            note="Тексеру: Ақорда сайты",
        ),
        Claim.objects.create(
            article=interfax,
            speaker=ministry,
            kind=Claim.Kind.INDIRECT,
            content="some 5,800 people have been taken to police",
            start=60,
            end=100,
            cue="told",
            cue_stance=Claim.Stance.NEUTRAL,
            channel="told Interfax",
        ),
        Claim.objects.create(
            article=tass,
            speaker_mention="@csto_adviser",
            channel="+Telegram",
            kind=Claim.Kind.FRAGMENT,
            content='=HYPERLINK("http://evil.example/","click")',
            start=5,
            end=40,
            cue="claimed",
            cue_stance=Claim.Stance.DISTANCING,
            via="-2+3",
            note="@SUM(A1:A2)",
            status=Claim.Status.DISPUTED,
        ),
        Claim.objects.create(
            article=izvestia,
            kind=Claim.Kind.DIRECT,
            content="+7 777 protesters",
            start=1,
            end=20,
            note="\tcmd|' /C calc'!A0",
            status=Claim.Status.OFFICIAL_ONLY,
        ),
    ]
    Figure.objects.create(claim=made[1], text="5,800", value=5800, subject="people detained")
    Figure.objects.create(claim=made[1], text="125", value=125, subject="criminal cases")
    return made
