"""Date and time formats where Django's own (django/conf/locale) are missing
or read wrongly in a right-to-left page: Django has none for Pashto, and for
Arabic and Urdu no date-and-time format, so events showed "ديسمبر 12, 2026,
6 م" in the English order. The patterns follow CLDR's long formats (Babel's
data). FORMAT_MODULE_PATH puts these before Django's; what a module here
leaves out still comes from Django's.

Django translates month names through its catalogues, which have no Pashto:
the portal's catalogues carry them (makemessages finds them below), with
CLDR's names, and in the other languages the names Django already uses.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
