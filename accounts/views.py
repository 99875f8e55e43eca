"""The two-step pages: the code asked after the password, and setting up an
authenticator app (a QR code and the secret as text, confirmed with a code;
then the recovery codes, shown once)."""

import base64
import math
import time

import qrcode
import qrcode.image.svg
from django import forms
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .two_factor import has_two_factor, two_factor_required

RECOVERY_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def clean_code(self):
        # "123 456" as some apps show it; recovery codes are lower case.
        return "".join(self.cleaned_data["code"].split()).lower()


def wait_message(device):
    """django-otp refuses a device's codes for 1, 2, 4, ... seconds after each
    wrong one in a row: guessing is slowed to a crawl."""
    delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    since = time.time() - device.throttling_failure_timestamp.timestamp()
    seconds = max(1, math.ceil(delay - since))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def check_code(device, code, form):
    """Whether `code` is right for `device`, adding the reason to `form` if not."""
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", wait_message(device))
        return False
    if device.verify_token(code):
        return True
    form.add_error("code", _("That code is not right. Check it and try again."))
    return False


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The second step of signing in: six digits from the app, or a recovery
    code (which is then used up)."""
    user = request.user
    if not has_two_factor(user):
        return redirect(safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # An app's code is six digits, a recovery code eight letters and
        # digits: only the matching kind of device is tried, so a mistyped
        # app code does not hold back the recovery codes, or the other way.
        model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        for device in model.objects.devices_for_user(user, confirmed=True):
            if check_code(device, code, form):
                otp_login(request, device)
                return redirect(safe_next(request))
            break
        else:
            form.add_error("code", _("That code is not right. Check it and try again."))
    return TemplateResponse(request, "accounts/verify.html", {"form": form, "next": safe_next(request)})


def qr_code(url):
    """The otpauth:// address as an SVG image in a data: URL (allowed by the
    CSP's img-src), on white so that it reads in the admin's dark theme too."""
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgFillImage, box_size=8, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def spaced(secret):
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
def set_up(request):
    """A new secret is kept as an unconfirmed device until a code from the
    app confirms it; then it replaces any earlier app and recovery codes."""
    user = request.user
    form = CodeForm(request.POST or None)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if (
        request.method == "POST"
        and device is not None
        and form.is_valid()
        and check_code(device, form.cleaned_data["code"], form)
    ):
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            StaticDevice.objects.filter(user=user).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
            codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
            StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
        otp_login(request, device)
        return TemplateResponse(request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request)})
    if request.method == "GET" or device is None:
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "accounts/set_up.html",
        {
            "form": form,
            "qr_code": qr_code(device.config_url),
            "secret": spaced(secret),
            "already_on": has_two_factor(user),
            "required": two_factor_required(user),
            "next": safe_next(request),
        },
    )
