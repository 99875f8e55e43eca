"""The machine translator wagtail-localize offers in the translation editor.

Serbian Cyrillic → Serbian Latin is transliteration, exact and always on.
Any other pair goes to the translator named by MACHINE_TRANSLATOR_CLASS
(DeepL, LibreTranslate, ...: see the README), which is off by default.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from .transliteration import to_latin

CYRILLIC, LATIN = "sr", "sr-latn"


def is_transliteration(source_locale, target_locale):
    return (source_locale.language_code, target_locale.language_code) == (CYRILLIC, LATIN)


def transliterate_value(value):
    # Only text is transliterated: tags and attributes (<a id="a1">) hold no Cyrillic.
    return StringValue(to_latin(value.data))


class PutokazTranslator(BaseMachineTranslator):
    display_name = _("Serbian transliteration")

    def __init__(self, options):
        super().__init__(options)
        delegate = getattr(settings, "MACHINE_TRANSLATOR_DELEGATE", None)
        self.delegate = import_string(delegate["CLASS"])(delegate.get("OPTIONS", {})) if delegate else None

    def can_translate(self, source_locale, target_locale):
        if is_transliteration(source_locale, target_locale):
            return True
        return bool(self.delegate and self.delegate.can_translate(source_locale, target_locale))

    def translate(self, source_locale, target_locale, strings):
        if is_transliteration(source_locale, target_locale):
            return {string: transliterate_value(string) for string in strings}
        return self.delegate.translate(source_locale, target_locale, strings)
