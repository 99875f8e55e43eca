"""Pictures in steps reach a cheap phone as small, modern files, and only
when the reader scrolls to them."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from .factories import GuidePageFactory
from .helpers import soup

pytestmark = [pytest.mark.django_db, pytest.mark.focused]


def photo(width=1600, height=1000):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 120, 200)).save(buffer, "JPEG")
    return ImageFile(buffer, name="form.jpg")


def test_a_step_picture_is_a_responsive_lazy_picture_in_modern_formats(client, home):
    image = Image.objects.create(title="Form", file=photo(), description="The application form, page 1")
    guide = GuidePageFactory(
        parent__parent=home,
        steps__0__step__picture={"image": image, "description": "The white card form, filled in"},
    )

    picture = soup(client.get(guide.url)).select_one("#step-1 picture")
    sources = {source["type"]: source for source in picture.select("source")}
    assert set(sources) == {"image/avif", "image/webp"}
    for source in sources.values():
        widths = [candidate.split()[-1] for candidate in source["srcset"].split(",")]
        assert widths == ["360w", "720w", "1080w"] and source["sizes"]
    img = picture.img
    assert img["loading"] == "lazy" and img["alt"] == "The white card form, filled in"
    assert int(img["width"]) <= 1080 and img["height"] and img["srcset"]
    # The smallest file is what a phone downloads; it really is small.
    smallest = sources["image/avif"]["srcset"].split(",")[0].split()[0]
    assert image.renditions.get(file__endswith=smallest.rsplit("/", 1)[-1]).file.size < 20_000
