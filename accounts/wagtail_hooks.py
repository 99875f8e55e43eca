from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    # Wagtail wraps these in require_admin_access: signed in, allowed into
    # the admin, and in the editor's own language.
    return [
        path("sign-in/code/", views.verify, name="two_factor_verify"),
        path("account/two-step/", views.set_up, name="two_factor_set_up"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_set_up"),
        "label": _("Two-step verification"),
        "help_text": _("Sign in with a code from an app on your phone as well as your password."),
    }
