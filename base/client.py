"""The reader's address, one rule for rate limits and sign-in lockout.

REMOTE_ADDR, unless PROXY_COUNT proxies in front of gunicorn each append the
address they saw to X-Forwarded-For: then the entry PROXY_COUNT hops from the
right, the last one our own proxies wrote. Entries further left come from
the client and are never trusted. Settings hand this to django-ratelimit (key="ip") and
django-axes."""

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Fewer entries than proxies: the request bypassed ours, so nothing in
    # the header can be trusted.
    return forwarded[-hops] if len(forwarded) >= hops else remote
