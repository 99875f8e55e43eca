# CLDR ur: "d MMMM، y", "h:mm a"; Django's ur catalogue has صبح and شام for a.m. and p.m.
DATE_FORMAT = "j F، Y"
TIME_FORMAT = "P"
DATETIME_FORMAT = "j F، Y، P"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "j/n/Y P"
