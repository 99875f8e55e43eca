"""`make run` creates the admin account once and never resets its password."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.focused]


def run(**env):
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def signs_in(password):
    admin = User.objects.get(username="admin")
    return admin if admin.check_password(password) else None


def test_admin_gets_a_generated_password_printed_once(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = run()
    password = re.search(r"password: (\S+)", first).group(1)
    assert signs_in(password).is_superuser

    second = run()
    assert password not in second and "unchanged" in second
    assert signs_in(password)


def test_admin_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a long passphrase for admin")
    output = run()
    assert "a long passphrase for admin" not in output
    assert signs_in("a long passphrase for admin")
    assert User.objects.filter(username="admin").count() == 1
