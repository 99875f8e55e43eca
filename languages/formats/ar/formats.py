# Django's ar module has a date and a time format but no date and time: CLDR ar "{1}، {0}".
DATETIME_FORMAT = "j F، Y، g:i A"
