from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,.jsonl,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="A Django fixture (.json), JSON Lines of articles (.jsonl: outlet, title, "
        "published, url, body), or one or more plain-text articles (.txt).",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.KZCLAIMS_IMPORT_MAX_BYTES
        total = sum(upload.size for upload in files)
        if total > limit:
            names = ", ".join(upload.name for upload in files)
            raise forms.ValidationError(
                f"{names}: the upload is {filesizeformat(total)}; the limit is "
                f"{filesizeformat(limit)} (KZCLAIMS_IMPORT_MAX_BYTES). Nothing was imported."
            )
        return files
