import os
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

DEMO_EN = Path(settings.BASE_DIR) / "demo" / "en"
CONTENT_MAP = Path(settings.BASE_DIR).parent / "shared" / "content-map.md"


def demo(name):
    return yaml.safe_load((DEMO_EN / name).read_text(encoding="utf-8"))


def demo_guides():
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((DEMO_EN / "guides").glob("*.yaml"))]


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def english(model):
    """The source-language objects: every page and snippet also exists in the
    other languages, as a translation or an untranslated stand-in."""
    return model.objects.filter(locale__language_code="en")


def guide_edit_form(page, **changes):
    """The page editor's form for a guide, as the admin posts it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "audience": page.audience,
        "steps": streamfield(
            [
                (
                    "step",
                    {
                        "heading": step.value["heading"],
                        "body": rich_text(step.value["body"].source),
                        "documents": {"count": 0},
                        "office": step.value["office"].pk if step.value["office"] else "",
                        "cost": step.value["cost"],
                        "duration": step.value["duration"],
                        "tip": step.value["tip"],
                        "warning": step.value["warning"],
                    },
                )
                for step in page.steps
            ]
        ),
        "sources": streamfield([]),
        "related_guides": streamfield([]),
        "change_notes": streamfield([]),
        "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else "",
        "review_interval_months": page.review_interval_months,
        "review_note": page.review_note,
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def pass_second_step(client, user):
    """Mark `client`'s session as past two-step verification, as if `user`
    had entered a recovery code: what signing in through the forms ends
    with. client.force_login alone stops at the password, and the admin
    then asks reviewers and administrators for a code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="tests", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# What a portal of its own must not share with the test run's: its settings,
# database, media folder and outside services.
OUTSIDE = (
    "DJANGO_",
    "TEST_DATABASE",
    "DATABASE_URL",
    "MEDIA_ROOT",
    "SEARCH_URL",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
)


def site_environment(folder):
    """The environment of a portal with its own SQLite database and media
    folder in `folder` (development settings, no outside services)."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(OUTSIDE)},
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }


def portal_manage(env, code):
    """Python run by `manage.py shell` on a running portal's own database
    (conftest.running_portal)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout
