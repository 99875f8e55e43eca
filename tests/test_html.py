"""Every kind of page is valid HTML by the Nu Html Checker (vnu.jar, the W3C
validator's engine), left to right and right to left (issue 16). The
checker comes from scripts/install-system-deps and runs on Java."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from cultural_events.models import EventPage
from guides.models import GuidePage

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PATHS = [
    "/en/",
    "/ur/",
    "/en/health/",
    "/fa/health/",
    "/ru/health/emergency-care/",
    "/ar/residence/seeking-asylum/",
    "/ur/health/emergency-care/",
    "/en/events/",
    "/ar/offices/",
    "/ps/glossary/",
    "/en/search/?q=insurance",
    "/ur/search/?q=بیمہ",
    "/en/about/",
    "/ar/privacy/",
    "/uk/accessibility/",
    "/fa/offline/",
    "/uk/saved/",
]


@pytest.fixture(scope="module")
def checker():
    java = shutil.which("java")
    if not (java and VNU.exists()):
        pytest.skip("the Nu Html Checker needs Java and vnu.jar (scripts/install-system-deps installs it with npm)")
    return [java, "-jar", str(VNU), "--errors-only"]


def test_every_kind_of_page_has_no_html_errors(client, checker, tmp_path):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="sr")
    paths = [
        *PATHS,
        EventPage.objects.live().filter(locale__language_code="ru").first().url,
        f"/sr/feedback/{guide.pk}/report/",
    ]
    files = []
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)
    result = subprocess.run([*checker, *map(str, files)], capture_output=True, text=True, timeout=120)
    errors = [line.replace(f"file:{tmp_path}/", "") for line in result.stderr.splitlines()]
    assert result.returncode == 0 and not errors, (dict(enumerate(paths)), errors[:10])
