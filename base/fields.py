"""A list of languages people speak somewhere (an event, an office's
counter), as a model field."""

from django import forms
from django.db import models

# The portal's readers' languages, each named as its speakers write it.
SPOKEN_LANGUAGES = [
    ("sr", "српски / srpski"),
    ("en", "English"),
    ("ru", "русский"),
    ("uk", "українська"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ps", "پښتو"),
    ("ur", "اردو"),
]


class LanguageListField(models.CharField):
    """A few language codes, stored as "sr,en,ru" and edited as checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return list(value)
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        return ",".join(self.to_python(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=SPOKEN_LANGUAGES,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        known = {code for code, _ in SPOKEN_LANGUAGES}
        unknown = [code for code in value if code not in known]
        if unknown:
            from django.core.exceptions import ValidationError

            raise ValidationError(f"Unknown language code(s): {', '.join(unknown)}")
        if not value and not self.blank:
            super().validate(value, model_instance)
