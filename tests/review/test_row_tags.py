"""The row's cheap tags (kzclaims/templatetags/rows.py) give what `{% url %}` and
`get_…_display` give, for every id and every choice, including a script prefix."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from kzclaims.models import Claim, Speaker
from kzclaims.templatetags.rows import display, id_url

NAMES = ["review:claim", "review:tag", "review:undo", "review:article", "review:speaker"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [0, 1, 7, 10, 123456, 2**63 - 1])
def test_id_url_is_the_reversed_url(name, pk):
    assert id_url(name, pk) == reverse(name, args=[pk])
    assert id_url(name, str(pk)) == reverse(name, args=[pk])


def test_id_url_follows_the_script_prefix():
    try:
        set_script_prefix("/desk/")
        assert id_url("review:tag", 42) == reverse("review:tag", args=[42])
        assert id_url("review:tag", 42) == "/desk/claims/42/tag/"
    finally:
        set_script_prefix("/")
    assert id_url("review:tag", 42) == "/claims/42/tag/"


def test_id_url_in_a_template_and_as_a_variable():
    out = Template(
        "{% load rows %}{% id_url 'review:claim' pk %}|{% id_url 'review:undo' pk as u %}{{ u }}"
    ).render(Context({"pk": 5}))
    assert out == f"{reverse('review:claim', args=[5])}|{reverse('review:undo', args=[5])}"


@pytest.mark.parametrize(
    ("model", "field"),
    [(Claim, "status"), (Claim, "kind"), (Claim, "cue_stance"), (Speaker, "speaker_type")],
)
def test_display_is_the_model_display(model, field):
    values = [value for value, _ in model._meta.get_field(field).flatchoices] + ["", "no-such"]
    for value in values:
        obj = model(**{field: value})
        assert display(obj, field) == getattr(obj, f"get_{field}_display")()
