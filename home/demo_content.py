"""Builds the demo site from the YAML files in demo/ (see demo/README.md).

Idempotent: every object is looked up by its stable key first and only
created when missing, so running it again changes nothing and never
overwrites what an editor changed."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage, EventPage
from guides.models import GlossaryPage, GlossaryTerm, GuidePage, Office, OfficeDirectoryPage, TopicPage
from home.models import HomePage

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def paragraphs_to_html(text):
    """Blank-line paragraphs, "- " bullet lists and [text](url) links to HTML."""
    html = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            html.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            html.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "".join(html)


def _inline(text):
    escaped = escape(text)
    return LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', escaped)


def plain(text):
    """Collapse a YAML block into one paragraph of plain text."""
    return " ".join((text or "").split())


class DemoLoader:
    def __init__(self, language="en", stdout=None):
        self.dir = DEMO_DIR / language
        self.locale = Locale.objects.get_or_create(language_code=language)[0]
        self.stdout = stdout
        self.created = []

    def read(self, name):
        with open(self.dir / name, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    def log(self, kind, key):
        self.created.append((kind, key))
        if self.stdout:
            self.stdout.write(f"  created {kind} {key}")

    @transaction.atomic
    def load(self):
        offices = self.load_offices()
        self.load_glossary()
        home, home_created = self.load_home()
        guides = self.load_topics_and_guides(home, offices)
        self.load_sections(home)
        self.load_events(home, offices)
        if home_created:
            home.featured_guides = [
                {"type": "guide", "value": guides[key].pk} for key in self.read("home.yaml")["featured"] if key in guides
            ]
            home.save_revision().publish()
        return self.created

    # Snippets -----------------------------------------------------------

    def load_offices(self):
        offices = {}
        for entry in self.read("offices.yaml"):
            office = Office.objects.filter(slug=entry["key"], locale=self.locale).first()
            if office is None:
                office = Office.objects.create(
                    locale=self.locale,
                    slug=entry["key"],
                    name=entry["name"],
                    kind=entry["kind"],
                    address=entry.get("address") or "",
                    city=entry.get("city") or "",
                    opening_hours=entry.get("opening_hours") or "",
                    phone=str(entry.get("phone") or ""),
                    website=entry.get("website") or "",
                    latitude=entry.get("latitude"),
                    longitude=entry.get("longitude"),
                    notes=(entry.get("notes") or "").strip(),
                )
                self.log("office", entry["key"])
            offices[entry["key"]] = office
        return offices

    def load_glossary(self):
        for entry in self.read("glossary.yaml"):
            _, created = GlossaryTerm.objects.get_or_create(
                abbreviation=entry["abbreviation"],
                locale=self.locale,
                defaults={"full_name": entry["full_name"], "explanation": plain(entry["explanation"])},
            )
            if created:
                self.log("glossary term", entry["abbreviation"])

    # Pages ---------------------------------------------------------------

    def load_home(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific, False
        existing = HomePage.objects.filter(locale=self.locale).first()
        if existing:
            return existing, False

        data = self.read("home.yaml")
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a "Welcome to Wagtail" placeholder
        # at the slug we want; remove it only if it is still that untouched page.
        for placeholder in root.get_children().filter(slug="home", content_type__model="page"):
            if placeholder.numchild == 0:
                placeholder.delete()
        home = root.add_child(instance=HomePage(title=data["title"], slug="home", intro=plain(data["intro"]), locale=self.locale))
        home.save_revision().publish()
        if site:
            site.root_page = home
            site.save()
        else:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Putokaz")
        self.log("home page", "home")
        return home, True

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def publish_child(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def load_topics_and_guides(self, home, offices):
        guides, new_guides = {}, []
        for topic_data in self.read("topics.yaml"):
            topic = self.child(home, TopicPage, topic_data["slug"])
            if topic is None:
                topic = self.publish_child(
                    home,
                    TopicPage(
                        title=topic_data["title"], slug=topic_data["slug"], intro=plain(topic_data["intro"]), show_in_menus=True
                    ),
                )
                self.log("topic", topic_data["slug"])
            for key in topic_data["guides"]:
                guide = GuidePage.objects.filter(slug=key, locale=self.locale).first()
                if guide is None:
                    guide = self.publish_child(topic, self.build_guide(self.read(f"guides/{key}.yaml"), offices))
                    new_guides.append(guide)
                    self.log("guide", key)
                guides[key] = guide
        # Related guides can only point at guides once they all exist.
        for guide in new_guides:
            related = self.read(f"guides/{guide.slug}.yaml").get("related") or []
            if related:
                guide.related_guides = [{"type": "guide", "value": guides[key].pk} for key in related if key in guides]
                guide.save_revision().publish()
        return guides

    def build_guide(self, data, offices):
        steps = []
        for step in data["steps"]:
            office = offices.get(step.get("office")) if step.get("office") else None
            if step.get("office") and office is None:
                raise ValueError(f"{data['key']}: unknown office {step['office']!r}")
            steps.append(
                {
                    "type": "step",
                    "value": {
                        "heading": plain(step["heading"]),
                        "body": paragraphs_to_html(step.get("body")),
                        "documents": [plain(item) for item in step.get("documents") or []],
                        "office": office.pk if office else None,
                        "cost": plain(step.get("cost")),
                        "duration": plain(step.get("duration")),
                        "tip": plain(step.get("tip")),
                        "warning": plain(step.get("warning")),
                    },
                }
            )
        sources = [
            {
                "type": "source",
                "value": {
                    "title": plain(source["title"]),
                    "detail": plain(source.get("detail")),
                    "url": source.get("url") or "",
                },
            }
            for source in data.get("sources") or []
        ]
        return GuidePage(
            title=plain(data["title"]),
            slug=data["key"],
            summary=plain(data["summary"]),
            audience=plain(data.get("audience")),
            steps=steps,
            sources=sources,
            last_reviewed=data.get("last_reviewed"),
            review_note=plain(data.get("review_note")),
        )

    def load_sections(self, home):
        sections = self.read("home.yaml").get("sections", {})
        for model, key in ((EventIndexPage, "events"), (OfficeDirectoryPage, "offices"), (GlossaryPage, "glossary")):
            if model.objects.child_of(home).exists() or key not in sections:
                continue
            data = sections[key]
            self.publish_child(home, model(title=data["title"], slug=key, intro=plain(data.get("intro")), show_in_menus=True))
            self.log("section", key)

    def load_events(self, home, offices):
        index = EventIndexPage.objects.child_of(home).first()
        if index is None:
            return
        tz = ZoneInfo(settings.TIME_ZONE)
        today = timezone.localdate()
        for data in self.read("events.yaml"):
            if self.child(index, EventPage, data["key"]):
                continue
            if "starts_in_days" in data:
                hour, minute = (int(part) for part in str(data.get("start_time", "10:00")).split(":"))
                day = today + datetime.timedelta(days=int(data["starts_in_days"]))
                start = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
            else:
                start = data["start"]
                if isinstance(start, str):
                    start = datetime.datetime.fromisoformat(start)
                elif not isinstance(start, datetime.datetime):
                    start = datetime.datetime(start.year, start.month, start.day, 10, 0)
                start = start.replace(tzinfo=tz) if start.tzinfo is None else start
            end = start + datetime.timedelta(minutes=int(data.get("duration_minutes", 120)))
            venue = offices.get(data.get("venue")) if data.get("venue") else None
            self.publish_child(
                index,
                EventPage(
                    title=plain(data["title"]),
                    slug=data["key"],
                    start=start,
                    end=end,
                    venue=venue,
                    place=plain(data.get("place")),
                    city=plain(data.get("city")),
                    organiser=plain(data["organiser"]),
                    audience=data.get("audience", "everyone"),
                    languages=data.get("languages") or [],
                    is_free=bool(data.get("free", True)),
                    registration_url=data.get("registration_url") or "",
                    description=paragraphs_to_html(data["description"]),
                ),
            )
            self.log("event", data["key"])
