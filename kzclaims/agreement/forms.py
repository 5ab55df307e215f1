from django import forms

from kzclaims.review.forms import clean_note_text

from .services import DECISIONS


class ResolveForm(forms.Form):
    """A resolver's decision: one of the three tags, an optional note, the claim's version."""

    status = forms.ChoiceField(choices=[(str(s), s.label) for s in DECISIONS])
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean_note(self):
        return clean_note_text(self.cleaned_data["note"])
