from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language


def choose_language(request, language_code):
    """The language switcher's links: remember the reader's choice (it decides
    where "/" leads next time) and go on to the same page in that language.
    A plain link, so it works without JavaScript."""
    known = language_code in dict(settings.LANGUAGES) and check_for_language(language_code)
    next_url = request.GET.get("next", "")
    # Only a path on this site: no other host, and nothing relative to /language/.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = f"/{language_code}/" if known else "/"
    response = HttpResponseRedirect(next_url)
    if not known:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language_code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
