"""Signing in to the admin (issue 13, item 9): a per-account limit that
slows guessing from many addresses and tells the owner; 12-character
passwords; two-step verification (an authenticator app, with recovery
codes), required of reviewers and administrators."""

import io
import logging
import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from wagtail.users.models import UserProfile

from .helpers import soup, text

PASSWORD = "a long passphrase for tests"
CDN = "203.0.113.10"  # the proxy every request arrives from


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def sign_in(client, username, password=PASSWORD, address=None, **headers):
    extra = {"REMOTE_ADDR": CDN, "HTTP_X_FORWARDED_FOR": address} if address else {}
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, headers=headers, **extra
    )


def signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def person(username, *groups, **fields):
    user = User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, first_name=username.title(), **fields
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


# The per-account limit


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1, SIGN_IN_ACCOUNT_LIMIT=20)
def test_guessing_from_many_addresses_slows_the_account_and_tells_its_owner_once(client, caplog):
    person("vera", "Editors")
    # 20 failures from 20 addresses: axes' lockout (5 per name and address) never trips.
    for number in range(20):
        assert sign_in(client, "vera", "wrong", address=f"198.51.100.{number}").status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vera@example.org"]
    assert "20" in mail.outbox[0].body and "vera" in mail.outbox[0].body
    assert any("slowed" in record.getMessage() for record in caplog.records if record.levelno == logging.WARNING)

    # The next attempt, from yet another address and with the right
    # password, waits: the password is not even checked.
    slowed = sign_in(client, "vera", address="192.0.2.1", accept_language="ru")
    assert slowed.status_code == 429
    assert 1 <= int(slowed["Retry-After"]) <= 2
    assert text(page(slowed).find("h1")) == "Вход замедлен"
    assert "Ваш пароль не проверялся" in text(page(slowed).find("main"))
    assert not signed_in(client)
    assert AccessFailureLog.objects.filter(username="vera").count() == 20
    # Only her account is slowed, not the address.
    person("ivan", "Editors")
    assert sign_in(Client(), "ivan", address="192.0.2.1").status_code == 302

    # Once the wait is over it may try again; another failure doubles the wait.
    AccessFailureLog.objects.update(
        attempt_time=AccessFailureLog.objects.latest("attempt_time").attempt_time - timedelta(seconds=3)
    )
    assert sign_in(client, "vera", "wrong again", address="192.0.2.2").status_code == 200
    slowed = sign_in(client, "vera", address="192.0.2.3")
    assert slowed.status_code == 429 and 3 <= int(slowed["Retry-After"]) <= 4
    assert len(mail.outbox) == 1  # told once per window

    # Never a lockout: after the wait, the owner signs in.
    AccessFailureLog.objects.update(
        attempt_time=AccessFailureLog.objects.latest("attempt_time").attempt_time - timedelta(seconds=5)
    )
    assert sign_in(client, "vera", address="192.0.2.4").status_code == 302
    assert signed_in(client)


# Passwords


@pytest.mark.django_db
def test_a_password_under_12_characters_is_refused_in_the_admin(admin_client):
    form = {
        "username": "mila",
        "email": "mila@example.org",
        "first_name": "Mila",
        "last_name": "K",
        "password1": "tiger-lily7",
        "password2": "tiger-lily7",
    }
    response = admin_client.post(reverse("wagtailusers_users:add"), form)
    assert response.status_code == 200
    assert "at least 12 characters" in text(soup(response))
    assert not User.objects.filter(username="mila").exists()
    form["password1"] = form["password2"] = "tiger-lily-7-blue"
    assert admin_client.post(reverse("wagtailusers_users:add"), form).status_code == 302


@pytest.mark.django_db
def test_ensure_admin_refuses_a_short_admin_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "tiger-lily7")
    with pytest.raises(CommandError, match="ADMIN_PASSWORD.*at least 12 characters"):
        call_command("ensure_admin", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_ensure_admin_says_two_step_verification_comes_next(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    assert len(password) >= 12
    assert "authenticator app" in out.getvalue()


# Two-step verification


def code_for(secret, later=0):
    """The code an authenticator app shows for the key typed from the page;
    `later` steps of 30 seconds ahead (the server accepts the next one)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def time_to_type_a_code():
    """Waits, when the current 30-second step has less than 10 s left. A
    code the server checks in the step after the app's teaches the server a
    clock drift of one step (django-otp's OTP_TOTP_SYNC), and the app's next
    code, a step ahead, is then out of the range it accepts."""
    left = 30 - time.time() % 30
    if left < 10:
        time.sleep(left)


@pytest.mark.django_db
def test_a_reviewer_without_two_step_is_sent_to_set_it_up_and_can_do_nothing_else(client):
    reviewer = person("rada", "Reviewers")
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "ru"  # the admin speaks her language
    profile.save()
    assert sign_in(client, "rada").status_code == 302
    set_up_url = reverse("two_factor_set_up")
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root"), "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(set_up_url), url

    # The set-up page, in her language: a QR code and the key as text.
    set_up = soup(client.get(set_up_url))
    assert set_up.select_one('img[src^="data:image/svg+xml"]')
    secret = text(set_up.select_one("#two-factor-secret"))
    assert "двухэтапн" in text(set_up.find("main")).lower()

    wrong = client.post(set_up_url, {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert "Этот код неверен" in text(soup(wrong))
    assert client.get(reverse("wagtailadmin_home")).status_code == 302

    # A code from the app turns it on and shows ten recovery codes, once.
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=0):
        done = soup(client.post(set_up_url, {"code": code_for(secret)}))
    codes = [text(code) for code in done.select(".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert signed_in(client)


@pytest.mark.django_db
def test_an_editor_may_go_without_it_but_once_on_it_is_asked(client):
    person("mila", "Editors")
    assert sign_in(client, "mila").status_code == 302
    assert signed_in(client)  # optional for editors
    secret = text(soup(client.get(reverse("two_factor_set_up"))).select_one("#two-factor-secret"))
    client.post(reverse("two_factor_set_up"), {"code": code_for(secret)})

    client.post(reverse("wagtailadmin_logout"))
    assert sign_in(client, "mila").status_code == 302
    asked = client.get(reverse("wagtailadmin_home"))
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify"), {"code": code_for(secret, later=1), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert signed_in(client)


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_guessing_codes_is_held_back(client):
    person("rada", "Reviewers")
    sign_in(client, "rada")
    secret = text(soup(client.get(reverse("two_factor_set_up"))).select_one("#two-factor-secret"))
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=0):
        client.post(reverse("two_factor_set_up"), {"code": code_for(secret)})
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "rada")
    wrong = "000000" if code_for(secret, later=1) != "000000" else "111111"
    assert "not right" in text(soup(client.post(reverse("two_factor_verify"), {"code": wrong})))
    # Even the right code waits after a wrong one.
    held = soup(client.post(reverse("two_factor_verify"), {"code": code_for(secret, later=1)}))
    assert "Too many wrong codes" in text(held)
    assert not signed_in(client)


# End to end, in headless Chromium against the production-like portal


def browser_sign_in(admin, username):
    admin.goto("/admin/login/")
    admin.fill("#id_username", username)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name="Sign in").click()


def enter_code(admin, code):
    admin.wait_for_url("**/admin/sign-in/code/**")
    admin.fill("#id_code", code)
    admin.get_by_role("button", name="Continue").click()


def sign_out(admin):
    admin.locator(".sidebar-footer__account").click()
    admin.get_by_role("button", name="Log out").click()
    admin.wait_for_url("**/admin/login/**")


@pytest.mark.browser
def test_two_step_sign_in_end_to_end(browser, portal_env, portal_url):
    from .test_admin_browser import portal_manage

    portal_manage(
        portal_env,
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('zora', 'zora@example.org', {PASSWORD!r}, first_name='Zora', last_name='K')",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=portal_url)
    admin = context.new_page()
    try:
        # An administrator's first sign-in leads to set-up, and nowhere else.
        browser_sign_in(admin, "zora")
        admin.wait_for_url("**/admin/account/two-step/**")
        admin.goto("/admin/pages/")
        admin.wait_for_url("**/admin/account/two-step/**")
        assert admin.locator('img[src^="data:image/svg+xml"]').is_visible()
        secret = admin.locator("#two-factor-secret").inner_text()
        time_to_type_a_code()
        admin.fill("#id_code", code_for(secret))
        admin.get_by_role("button", name="Turn on two-step verification").click()
        admin.locator(".recovery-codes code").first.wait_for()
        codes = admin.locator(".recovery-codes code").all_inner_texts()
        assert len(codes) == 10
        admin.get_by_role("link", name="I have kept them: continue").click()
        admin.wait_for_url("**/admin/pages/")  # where she was going
        sign_out(admin)

        # The app's code after the password.
        browser_sign_in(admin, "zora")
        enter_code(admin, code_for(secret, later=1))
        admin.wait_for_url("**/admin/")
        sign_out(admin)

        # A recovery code instead, once.
        browser_sign_in(admin, "zora")
        enter_code(admin, codes[0])
        admin.wait_for_url("**/admin/")
        sign_out(admin)
        browser_sign_in(admin, "zora")
        enter_code(admin, codes[0])
        admin.locator(".messages .error", has_text="That code is not right").wait_for()
        assert "/admin/sign-in/code/" in admin.url
        admin.goto("/admin/pages/")
        admin.wait_for_url("**/admin/sign-in/code/**")
    finally:
        context.close()
