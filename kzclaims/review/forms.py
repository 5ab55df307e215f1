import re

from django import forms

from kzclaims.models import Claim
from kzclaims.text import normalize_body, text_problem

# One home for the limits: the templates' maxlength attributes read these through the form.
NOTE_MAX = 2000
EVIDENCE_MAX = 1000


def clean_note_text(value: str) -> str:
    """A note as stored: normalised first (browsers submit CRLF, which the textarea's maxlength
    counts as one character), then measured, so the client's limit and the server's agree."""
    value = normalize_body(value).strip()
    if problem := text_problem(value):
        raise forms.ValidationError(f"The note {problem}.")
    if len(value) > NOTE_MAX:
        raise forms.ValidationError(
            f"The note is {len(value)} characters long; at most {NOTE_MAX} are kept."
        )
    return value


class TagForm(forms.Form):
    """A status change, or (status left empty) a note or evidence link saved on its own."""

    status = forms.ChoiceField(choices=[("", "Keep"), *Claim.Status.choices], required=False)
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    evidence_url = forms.URLField(
        required=False,
        max_length=EVIDENCE_MAX,
        assume_scheme="https",
        error_messages={"invalid": "Enter a full web address, such as https://example.org/page."},
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean_note(self):
        return clean_note_text(self.cleaned_data["note"])


class UndoForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


# ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
SELECTION = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")


class BulkTagForm(forms.Form):
    """`claims` are "id:version" pairs, so every claim of a bulk write carries its version."""

    status = forms.ChoiceField(choices=Claim.Status.choices)
    note = forms.CharField(required=False, strip=False)
    claims = forms.MultipleChoiceField(choices=(), required=True)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        values = data.getlist("claims") if hasattr(data, "getlist") else data.get("claims", [])
        self.fields["claims"].choices = [(v, v) for v in values]

    def clean_note(self):
        return clean_note_text(self.cleaned_data["note"])

    def clean_claims(self):
        versions = {}
        for value in self.cleaned_data["claims"]:
            match = SELECTION.fullmatch(value)
            if not match:
                raise forms.ValidationError(f"Malformed claim selection {value!r}.")
            versions[int(match[1])] = int(match[2])
        return versions
