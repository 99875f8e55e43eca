"""Two-step sign-in for the admin (django-otp): a code from an authenticator
app (TOTP) after the password, or one of the recovery codes (each works once).

Reviewers and administrators (and superusers) must use it: after the
password they are sent to set it up and can open nothing else in the admin
until they have. Editors and translators may turn it on (Account → Two-step
verification); once on, it is asked of them too."""

import django_otp
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from editorial.roles import ADMINISTRATORS, REVIEWERS

REQUIRED_FOR_GROUPS = (REVIEWERS, ADMINISTRATORS)

# What a signed-in user may open before the second step: signing in and out,
# the code page, and what those pages load.
BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
}
# ... and, for one who has not set it up yet, the set-up page.
BEFORE_SET_UP = BEFORE_SECOND_STEP | {"two_factor_set_up"}


def two_factor_required(user):
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_FOR_GROUPS).exists()


def has_two_factor(user):
    return django_otp.user_has_device(user, confirmed=True)


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware (which marks a session verified).
    Applies to admin users everywhere, not only under /admin/: a session past
    the password alone is not signed in yet (no userbar, no private pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if has_two_factor(user):
            if url_name not in BEFORE_SECOND_STEP:
                return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor_verify"))
        elif two_factor_required(user) and url_name not in BEFORE_SET_UP:
            return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor_set_up"))
        return None
