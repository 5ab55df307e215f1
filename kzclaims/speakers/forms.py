from django import forms


class MergeForm(forms.Form):
    sources = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Merge in")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(s.pk, s.name) for s in candidates]


class SplitForm(forms.Form):
    aliases = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Spellings")
    name = forms.CharField(max_length=300, label="Name of the other speaker")

    def __init__(self, *args, aliases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aliases"].choices = [(a.pk, a.alias) for a in aliases]
