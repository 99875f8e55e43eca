"""The page a locked sign-in gets (django-axes, 429): Wagtail's sign-in look,
the browser's language, how long to wait and the way back (issue 12, item 18)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from .helpers import text

pytestmark = [pytest.mark.django_db, pytest.mark.focused]


def fail_five_times(client, **headers):
    User.objects.create_user("vera", password="the right passphrase", is_staff=True, is_superuser=True)
    for _ in range(5):
        response = client.post(
            reverse("wagtailadmin_login"), {"username": "vera", "password": "wrong"}, headers=headers
        )
    return response


def locked_page(response):
    from bs4 import BeautifulSoup

    assert response.status_code == 429
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    "language, heading, wait, back",
    [
        ("ru", "Вход заблокирован", "через 1 час", "Вернуться ко входу"),
        ("en", "Sign-in locked", "try again in an hour", "Back to sign in"),
    ],
)
def test_the_lockout_page_looks_like_the_sign_in_page_says_how_long_and_leads_back(
    client, language, heading, wait, back
):
    page = locked_page(fail_five_times(client, accept_language=language))
    assert page.html["lang"] == language
    # Wagtail's admin stylesheet and sign-in layout, not a bare page.
    assert page.select_one('link[rel=stylesheet][href*="wagtailadmin/css/core.css"]')
    assert "login" in page.body["class"]
    assert text(page.find("h1")) == heading
    assert wait in text(page.find("main"))
    link = page.select_one('main a[href="/admin/login/"]')
    assert link is not None and text(link) == back
    if language != "en":
        assert "Sign-in locked" not in page.decode() and "try again" not in text(page.find("main"))
