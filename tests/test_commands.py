"""`make run` creates the admin account once and never resets its password."""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(**env):
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_admin_gets_a_generated_password_printed_once(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = run()
    password = re.search(r"password: (\S+)", first).group(1)
    assert authenticate(username="admin", password=password).is_superuser

    second = run()
    assert password not in second and "unchanged" in second
    assert authenticate(username="admin", password=password)


def test_admin_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a long passphrase for admin")
    output = run()
    assert "a long passphrase for admin" not in output
    assert authenticate(username="admin", password="a long passphrase for admin")
    assert User.objects.filter(username="admin").count() == 1
