from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from django.conf import settings

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
