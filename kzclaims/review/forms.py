import re

from django import forms

from kzclaims.models import Claim


class TagForm(forms.Form):
    status = forms.ChoiceField(choices=Claim.Status.choices)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    evidence_url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class UndoForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


# ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
SELECTION = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")


class BulkTagForm(forms.Form):
    """`claims` are "id:version" pairs, so every claim of a bulk write carries its version."""

    status = forms.ChoiceField(choices=Claim.Status.choices)
    note = forms.CharField(required=False, max_length=2000)
    claims = forms.MultipleChoiceField(choices=(), required=True)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        values = data.getlist("claims") if hasattr(data, "getlist") else data.get("claims", [])
        self.fields["claims"].choices = [(v, v) for v in values]

    def clean_claims(self):
        versions = {}
        for value in self.cleaned_data["claims"]:
            match = SELECTION.fullmatch(value)
            if not match:
                raise forms.ValidationError(f"Malformed claim selection {value!r}.")
            versions[int(match[1])] = int(match[2])
        return versions
