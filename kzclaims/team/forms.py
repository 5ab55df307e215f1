from django import forms

from . import selectors


class AssignForm(forms.Form):
    """An assignment of the claims a queue query selects (`query`, the queue's query string)."""

    title = forms.CharField(max_length=200)
    editors = forms.ModelMultipleChoiceField(
        queryset=selectors.editors(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one editor."},
    )
    reviews_required = forms.TypedChoiceField(
        choices=[(1, "One review (claims split evenly)"), (2, "Two blind reviews per claim")],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        label="Reviews",
    )
    resolver = forms.ModelChoiceField(
        queryset=selectors.resolvers(),
        required=False,
        empty_label="Any admin",
        help_text="Who decides when two blind reviews differ.",
    )
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("reviews_required") == 2 and len(data.get("editors") or []) < 2:
            self.add_error("editors", "Two blind reviews need at least two editors.")
        return data


class ReassignForm(forms.Form):
    from_editor = forms.ModelChoiceField(queryset=selectors.editors(), label="Move from")
    to_editor = forms.ModelChoiceField(queryset=selectors.editors(), label="to")

    def clean(self):
        data = super().clean()
        if data.get("from_editor") and data.get("from_editor") == data.get("to_editor"):
            self.add_error("to_editor", "Choose another editor to move the claims to.")
        return data
