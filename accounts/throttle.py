"""The per-account limit on sign-in: django-axes locks one user name from
one address; this slows guessing at one account from many addresses.

Past SIGN_IN_ACCOUNT_LIMIT failures for a user name within
SIGN_IN_ACCOUNT_WINDOW seconds (counted in axes' own failure log, whatever
the address), each further attempt must wait 2, 4, 8, ... seconds after the
last failure, up to SIGN_IN_MAX_DELAY: an early attempt is answered 429
without the password being checked. Nobody is locked out, the owner
included, and the owner is told by e-mail once per window."""

import hashlib
import logging
import math
from datetime import timedelta

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.mail import send_mail
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

logger = logging.getLogger(__name__)


def recent_failures(username):
    since = timezone.now() - timedelta(seconds=settings.SIGN_IN_ACCOUNT_WINDOW)
    return AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)


def seconds_to_wait(username):
    """0 if `username` may try now, else how long until it may."""
    failures = recent_failures(username)
    count = failures.count()
    if count < settings.SIGN_IN_ACCOUNT_LIMIT:
        return 0
    last = failures.latest("attempt_time").attempt_time
    delay = min(2 ** (count - settings.SIGN_IN_ACCOUNT_LIMIT + 1), settings.SIGN_IN_MAX_DELAY)
    remaining = (last - timezone.now()).total_seconds() + delay
    return math.ceil(remaining) if remaining > 0 else 0


class AccountThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("wagtailadmin_login"):
            wait = seconds_to_wait(request.POST.get("username", ""))
            if wait:
                response = render(request, "accounts/sign_in_slowed.html", {"seconds": wait}, status=429)
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)


@receiver(user_login_failed)
def tell_the_owner(sender, credentials, request=None, **kwargs):
    """Runs after axes has logged this failure (accounts comes after axes
    in INSTALLED_APPS). With Redis the "once per window" holds across
    workers; with per-process memory, once per worker."""
    username = credentials.get("username") or ""
    if not username:
        return
    failures = recent_failures(username)
    count = failures.count()
    if count < settings.SIGN_IN_ACCOUNT_LIMIT:
        return
    key = "sign-in-slowed:" + hashlib.sha256(username.encode()).hexdigest()
    if not cache.add(key, True, settings.SIGN_IN_ACCOUNT_WINDOW):
        return
    addresses = failures.values("ip_address").distinct().count()
    logger.warning(
        "Sign-in to %r slowed: %d failures from %d addresses in the last %d s",
        username,
        count,
        addresses,
        settings.SIGN_IN_ACCOUNT_WINDOW,
    )
    owner = get_user_model().objects.filter(username=username).exclude(email="").first()
    if owner is None:
        return
    with translation.override(UserProfile.get_for_user(owner).get_preferred_language()):
        minutes = settings.SIGN_IN_ACCOUNT_WINDOW // 60
        subject = _("Many failed sign-ins to your Putokaz account")
        body = _(
            'Failed attempts to sign in to your account "%(username)s" in the last %(minutes)d minutes: '
            "%(count)d, from %(addresses)d different addresses. Signing in to it is slowed down for a while: "
            "you can still sign in, after a short wait.\n\n"
            "If this was not you and your password is long and used nowhere else, nothing needs doing. "
            "Otherwise change your password in your account settings:\n\n%(url)s"
        ) % {
            "username": username,
            "count": count,
            "minutes": minutes,
            "addresses": addresses,
            "url": settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_account"),
        }
    send_mail(subject, body, None, [owner.email], fail_silently=True)
