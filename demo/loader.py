"""Builds the demo site from the YAML files in demo/ (see demo/README.md).

English (`demo/en/`) is the source. Every other folder holds translations
that mirror the English files; they are made into wagtail-localize
translations of the English pages and snippets, so the admin shows them as
translations and translators carry on from there. Serbian Latin is not in
demo/: it is transliterated from Serbian Cyrillic whenever that is published.

Idempotent: every object is looked up by its stable key first and only
created when missing, so running it again changes nothing and never
overwrites what an editor changed."""

import datetime
import random
import re
import uuid
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResult, TaskResultStatus, task_backends
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.utils import get_random_id
from modelsearch.tasks import insert_or_update_object_task
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site
from wagtail.signals import page_published
from wagtail.tasks import update_reference_index_task
from wagtail_localize.models import TranslationSource

from base import invalidation
from cultural_events.models import EventIndexPage, EventPage
from guides import signals as guide_signals
from guides.models import GlossaryPage, GlossaryTerm, GuidePage, Office, OfficeDirectoryPage, Publication, TopicPage
from home.models import HomePage, InformationPage
from languages import setup
from languages.translate import StructureMismatch, translate_from
from search.models import Synonym

DEMO_DIR = Path(__file__).resolve().parent
SOURCE_LANGUAGE = settings.LANGUAGE_CODE
LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
SECTIONS = ((EventIndexPage, "events"), (OfficeDirectoryPage, "offices"), (GlossaryPage, "glossary"))


def paragraphs_to_html(text):
    """Blank-line paragraphs, "## " headings, "- " bullet lists and
    [text](url) links to HTML."""
    html = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            html.append(f"<h2>{_inline(lines[0][3:])}</h2>")
        elif all(line.startswith("- ") for line in lines):
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


# libyaml's parser when PyYAML was built with it: several times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(language, name):
    with open(DEMO_DIR / language / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=YAML_LOADER)  # noqa: S506 (a safe loader)


def translation_languages():
    """The folders of demo/ that hold translations, in settings order."""
    return [code for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE and (DEMO_DIR / code).is_dir()]


# Building objects from YAML: the same builders make the English source and,
# unsaved, the translated copy whose text wagtail-localize takes.


def build_office(entry):
    return Office(
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


def build_term(entry):
    return GlossaryTerm(
        abbreviation=entry["abbreviation"], full_name=entry["full_name"], explanation=plain(entry["explanation"])
    )


def build_topic(data):
    return TopicPage(
        title=data["title"],
        slug=data["slug"],
        summary=plain(data.get("summary")),
        intro=plain(data["intro"]),
        show_in_menus=True,
    )


def cited_in(seed, publications):
    """The publication and section a source's `seed` names: "000 §4.1.2,
    §4.4.2" is publications.yaml's "000", sections 4.1.2, 4.4.2."""
    key, _, sections = str(seed or "").partition(" ")
    if not key:
        return None, ""
    if key not in publications:
        raise ValueError(f"unknown publication {key!r} (publications.yaml)")
    return publications[key], sections.replace("§", "").strip()


def build_guide(data, offices, publications):
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
                    # List items with ids, as the page editor saves them:
                    # wagtail-localize addresses each item's text by its id.
                    "documents": [
                        {"type": "item", "value": plain(item), "id": str(uuid.uuid4())}
                        for item in step.get("documents") or []
                    ],
                    "office": office.pk if office else None,
                    "cost": plain(step.get("cost")),
                    "duration": plain(step.get("duration")),
                    "tip": plain(step.get("tip")),
                    "warning": plain(step.get("warning")),
                },
            }
        )
    sources = []
    for source in data.get("sources") or []:
        publication, section = cited_in(source.get("seed"), publications)
        sources.append(
            {
                "type": "source",
                "value": {
                    "title": plain(source["title"]),
                    "detail": plain(source.get("detail")),
                    "url": source.get("url") or "",
                    "publication": publication.pk if publication else None,
                    "section": section,
                },
            }
        )
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


def build_information_page(data):
    return InformationPage(
        title=data["title"],
        slug=data["key"],
        intro=plain(data["intro"]),
        body=paragraphs_to_html(data["body"]),
        to_fill=plain(data.get("to_fill")),
    )


def build_section(model, key, data):
    return model(title=data["title"], slug=key, intro=plain(data.get("intro")), show_in_menus=True)


def event_start(data):
    tz = ZoneInfo(settings.TIME_ZONE)
    if "starts_in_days" in data:
        hour, minute = (int(part) for part in str(data.get("start_time", "10:00")).split(":"))
        day = timezone.localdate() + datetime.timedelta(days=int(data["starts_in_days"]))
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    start = data["start"]
    if isinstance(start, str):
        start = datetime.datetime.fromisoformat(start)
    elif not isinstance(start, datetime.datetime):
        start = datetime.datetime(start.year, start.month, start.day, 10, 0)
    return start.replace(tzinfo=tz) if start.tzinfo is None else start


def build_event(data, offices):
    start = event_start(data)
    return EventPage(
        title=plain(data["title"]),
        slug=data["key"],
        start=start,
        end=start + datetime.timedelta(minutes=int(data.get("duration_minutes", 120))),
        venue=offices.get(data.get("venue")) if data.get("venue") else None,
        place=plain(data.get("place")),
        city=plain(data.get("city")),
        organiser=plain(data["organiser"]),
        audience=data.get("audience", "everyone"),
        languages=data.get("languages") or [],
        is_free=bool(data.get("free", True)),
        registration_url=data.get("registration_url") or "",
        description=paragraphs_to_html(data["description"]),
    )


class HeldBackTasks(BaseTaskBackend):
    """Stands in for the task backend while the demo loads. Every save asks
    for a search-index and a reference-index update, and every publish for
    cache purges: some 3,700 tasks for 500 objects, each run at once by the
    immediate backend. This keeps one index update per object and runs them,
    in the order the objects were first saved, when the load is over, so each
    object is indexed once, as it finally is. Purges are dropped: the loader
    purges every page once at the end instead. Any other task runs as usual."""

    supports_async_task = True
    supports_priority = True

    def __init__(self, backend):
        super().__init__(backend.alias, {})
        self.backend = backend
        self.held = {}

    def enqueue(self, task, args, kwargs):
        if task.func is purge_urls_from_cache_task.func:
            return self.result(task, args, kwargs)
        if task.func not in OBJECT_INDEX_TASKS:
            return self.backend.enqueue(task, args, kwargs)
        self.held.setdefault((task.func, *args), task)
        return self.result(task, args, kwargs)

    def result(self, task, args, kwargs):
        self.validate_task(task)
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

    @transaction.atomic  # one commit, not one per object
    def run(self):
        for (_func, app_label, model_name, pk), task in self.held.items():
            # Gone already: a copy of Wagtail's "Welcome" page that
            # wagtail-localize made in each locale before the home page
            # replaced it. Its index entries went with it.
            if apps.get_model(app_label, model_name)._base_manager.filter(pk=pk).exists():
                self.backend.enqueue(task, (app_label, model_name, pk), {})


# Both take (app_label, model_name, pk) and bring that object's index entries
# up to date with the database, so once at the end is as good as every time.
OBJECT_INDEX_TASKS = {insert_or_update_object_task.func, update_reference_index_task.func}


@contextmanager
def tasks_held_back():
    alias = DEFAULT_TASK_BACKEND_ALIAS
    backend = task_backends[alias]
    held = task_backends[alias] = HeldBackTasks(backend)
    try:
        yield
    finally:
        task_backends[alias] = backend
    held.run()


@contextmanager
def purges_held_back():
    """Working out which cached addresses a change makes stale (the
    receivers of base/invalidation.py and guides/signals.py) loads every
    guide for each glossary term saved: about a sixth of the load. They are
    off while it runs; purge_every_page() stands in for them."""
    receivers = [
        (page_published, invalidation.page_changed, None),
        *((post_save, guide_signals.snippet_changed, model) for model in (Office, GlossaryTerm, Publication)),
    ]
    muted = [
        (signal, receiver, sender) for signal, receiver, sender in receivers if signal.disconnect(receiver, sender)
    ]
    try:
        yield
    finally:
        for signal, receiver, sender in muted:
            signal.connect(receiver, sender)


def purge_every_page():
    """One purge of every live page's addresses (full-page cache, CDN),
    in place of the thousands the signals would ask for while loading."""
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1))
    batch.purge()


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = []
        # Each English object's TranslationSource, extracted once for all languages.
        self.sources = {}

    def log(self, kind, key, language=SOURCE_LANGUAGE):
        self.created.append((language, kind, key))
        if self.stdout:
            self.stdout.write(f"  created {language} {kind} {key}")

    def load(self):
        # Held back until the translations, published when the transaction
        # commits, are live too.
        with tasks_held_back(), purges_held_back():
            self.load_everything()
        if self.created:
            purge_every_page()
        return self.created

    @transaction.atomic
    def load_everything(self):
        locales = setup.ensure_locales()
        self.publications = self.load_publications()
        source = SourceLoader(self, locales[SOURCE_LANGUAGE])
        source.load()
        setup.synchronise_trees(locales)
        for language in translation_languages():
            TranslationLoader(self, source, locales[language]).load()
        self.load_synonyms()
        self.load_feedback()
        self.load_sample_views()
        setup.ensure_site_address()
        # Translated pages are published when this transaction commits.
        transaction.on_commit(lambda: setup.ensure_translator_groups(locales))

    def load_publications(self):
        """The reports the guides are written from (publications.yaml), by
        their key there; each made unless one with its title exists."""
        publications = {}
        for entry in yaml.safe_load((DEMO_DIR / "publications.yaml").read_text(encoding="utf-8")):
            fields = {name: value for name, value in entry.items() if name != "key"}
            publications[entry["key"]], created = Publication.objects.get_or_create(
                title=fields.pop("title"), defaults=fields
            )
            if created:
                self.log("publication", entry["key"])
        return publications

    def load_synonyms(self):
        """The search synonyms the portal starts with (synonyms.yaml), each
        unless a synonym with the same words and language exists."""
        for entry in yaml.safe_load((DEMO_DIR / "synonyms.yaml").read_text(encoding="utf-8")):
            _synonym, created = Synonym.objects.get_or_create(
                terms="\n".join(entry["terms"]),
                language=entry["language"],
                defaults={"note": entry.get("note", "")},
            )
            if created:
                self.log("synonym", " / ".join(entry["terms"]), entry["language"])

    def load_sample_views(self):
        """Made-up page views for the last two weeks, marked as samples (the
        dashboard says so), so the "most read" reports show something on a
        fresh install; only into an empty table."""
        from readership.models import PageViews

        if PageViews.objects.exists():
            return
        rng = random.Random(484)  # noqa: S311 (made-up numbers, not secrets)
        today = timezone.localdate()
        rows = [
            PageViews(
                page_id=page_id, date=today - datetime.timedelta(days=days), views=rng.randint(0, 12), sample=True
            )
            for page_id in GuidePage.objects.order_by("pk").values_list("pk", flat=True)
            for days in range(1, 15)
        ]
        PageViews.objects.bulk_create([row for row in rows if row.views])
        self.log("sample page views", str(len(rows)))

    def load_feedback(self):
        """A few readers' answers, so the feedback reports show something
        on a fresh install; only into an empty feedback table."""
        from feedback.models import Feedback

        path = DEMO_DIR / "feedback.yaml"
        if Feedback.objects.exists() or not path.exists():
            return
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            page = GuidePage.objects.filter(slug=entry["guide"], locale__language_code=entry["language"]).first()
            if page is not None:
                Feedback.objects.create(
                    page=page, locale_id=page.locale_id, helpful=entry["helpful"], comment=entry.get("comment", "")
                )
                self.log("feedback", entry["guide"], entry["language"])


class SourceLoader:
    """The English site: the home page, sections, topics, guides, events and
    the snippets they point at."""

    def __init__(self, loader, locale):
        self.loader = loader
        self.locale = locale
        self.language = locale.language_code
        self.offices = {}
        self.terms = []
        self.guides = {}

    def read(self, name):
        return read(self.language, name)

    def load(self):
        self.load_offices()
        self.load_glossary()
        self.home, home_created = self.load_home()
        self.load_topics_and_guides()
        self.sections = self.load_sections()
        self.load_events()
        self.load_information_pages()
        if home_created:
            self.home.featured_guides = [
                {"type": "guide", "value": self.guides[key].pk}
                for key in self.read("home.yaml")["featured"]
                if key in self.guides
            ]
            self.home.save_revision().publish()

    def load_offices(self):
        for entry in self.read("offices.yaml"):
            office = Office.objects.filter(slug=entry["key"], locale=self.locale).first()
            if office is None:
                office = build_office(entry)
                office.locale = self.locale
                office.save()
                self.loader.log("office", entry["key"])
            self.offices[entry["key"]] = office

    def load_glossary(self):
        for entry in self.read("glossary.yaml"):
            term = GlossaryTerm.objects.filter(abbreviation=entry["abbreviation"], locale=self.locale).first()
            if term is None:
                term = build_term(entry)
                term.locale = self.locale
                term.save()
                self.loader.log("glossary term", entry["abbreviation"])
            self.terms.append(term)

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
        # (copied into every locale by the synchronised trees); remove the
        # copies that are still untouched plain pages.
        for placeholder in root.get_children().filter(
            content_type__app_label="wagtailcore", content_type__model="page"
        ):
            if placeholder.numchild == 0:
                placeholder.delete()
        home = root.add_child(
            instance=HomePage(title=data["title"], slug="home", intro=plain(data["intro"]), locale=self.locale)
        )
        home.save_revision().publish()
        if site:
            site.root_page = home
            site.save()
        else:
            hostname, port = setup.public_address()
            Site.objects.create(
                hostname=hostname or "localhost", port=port, root_page=home, is_default_site=True, site_name="Putokaz"
            )
        self.loader.log("home page", "home")
        return home, True

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def publish_child(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def load_topics_and_guides(self):
        new_guides = []
        self.topics = {}
        for topic_data in self.read("topics.yaml"):
            topic = self.child(self.home, TopicPage, topic_data["slug"])
            if topic is None:
                topic = self.publish_child(self.home, build_topic(topic_data))
                self.loader.log("topic", topic_data["slug"])
            self.topics[topic_data["slug"]] = topic
            for key in topic_data["guides"]:
                guide = GuidePage.objects.filter(slug=key, locale=self.locale).first()
                if guide is None:
                    guide = self.publish_child(
                        topic, build_guide(self.read(f"guides/{key}.yaml"), self.offices, self.loader.publications)
                    )
                    new_guides.append(guide)
                    self.loader.log("guide", key)
                self.guides[key] = guide
        # Related guides can only point at guides once they all exist.
        for guide in new_guides:
            related = self.read(f"guides/{guide.slug}.yaml").get("related") or []
            if related:
                guide.related_guides = [
                    {"type": "guide", "value": self.guides[key].pk} for key in related if key in self.guides
                ]
                guide.save_revision().publish()

    def load_sections(self):
        data = self.read("home.yaml").get("sections", {})
        sections = {}
        for model, key in SECTIONS:
            section = model.objects.child_of(self.home).first()
            if section is None and key in data:
                section = self.publish_child(self.home, build_section(model, key, data[key]))
                self.loader.log("section", key)
            sections[key] = section
        return sections

    def load_events(self):
        index = self.sections.get("events")
        self.events = {}
        if index is None:
            return
        for data in self.read("events.yaml"):
            event = self.child(index, EventPage, data["key"])
            if event is None:
                event = self.publish_child(index, build_event(data, self.offices))
                self.loader.log("event", data["key"])
            self.events[data["key"]] = event

    def load_information_pages(self):
        self.information_pages = {}
        for data in self.read("pages.yaml"):
            page = self.child(self.home, InformationPage, data["key"])
            if page is None:
                page = self.publish_child(self.home, build_information_page(data))
                self.loader.log("page", data["key"])
            self.information_pages[data["key"]] = page


class TranslationLoader:
    """One language's folder, made into wagtail-localize translations of the
    English objects. The translated YAML mirrors the English file; it is built
    into an unsaved copy with the same builder, and its text is handed to
    wagtail-localize piece by piece."""

    def __init__(self, loader, source, locale):
        self.loader = loader
        self.source = source
        self.locale = locale
        self.language = locale.language_code

    def exists(self, name):
        return (DEMO_DIR / self.language / name).exists()

    def read(self, name):
        return read(self.language, name) if self.exists(name) else None

    def translate(self, kind, key, original, translated):
        """Translate `original` unless it has a translation already (an
        alias left by the synchronised tree does not count)."""
        existing = original.get_translation_or_none(self.locale)
        if existing is not None and not getattr(existing, "alias_of_id", None):
            return
        key = (original._meta.label, original.pk)
        if key not in self.loader.sources:
            self.loader.sources[key], _ = TranslationSource.update_or_create_from_instance(original)
        try:
            translate_from(original, self.locale, translated, source=self.loader.sources[key])
        except StructureMismatch as error:
            raise StructureMismatch(f"demo/{self.language}: {kind} {key}: {error}") from None
        self.loader.log(kind, key, self.language)

    def load(self):
        source = self.source
        english_offices = {item["key"]: item for item in read(SOURCE_LANGUAGE, "offices.yaml")}
        for entry in self.read("offices.yaml") or []:
            base = english_offices[entry["key"]]
            self.translate("office", entry["key"], source.offices[entry["key"]], build_office({**base, **entry}))
        # Glossary entries are paired by position: an abbreviation may be
        # written differently in another language (RFZO, РФЗО).
        for term, entry in zip(source.terms, self.read("glossary.yaml") or [], strict=False):
            self.translate("glossary term", term.abbreviation, term, build_term(entry))

        home = self.read("home.yaml")
        if home:
            self.translate("home page", "home", source.home, HomePage(title=home["title"], intro=plain(home["intro"])))
            for model, key in SECTIONS:
                if source.sections.get(key) and key in home.get("sections", {}):
                    self.translate(
                        "section", key, source.sections[key], build_section(model, key, home["sections"][key])
                    )

        for topic in self.read("topics.yaml") or []:
            self.translate("topic", topic["slug"], source.topics[topic["slug"]], build_topic(topic))
        for key, guide in source.guides.items():
            data = self.read(f"guides/{key}.yaml")
            if data:
                english = read(SOURCE_LANGUAGE, f"guides/{key}.yaml")
                self.translate(
                    "guide", key, guide, build_guide({**english, **data}, source.offices, self.loader.publications)
                )
        for data in self.read("pages.yaml") or []:
            if data["key"] in source.information_pages:
                self.translate("page", data["key"], source.information_pages[data["key"]], build_information_page(data))
        english_events = {event["key"]: event for event in read(SOURCE_LANGUAGE, "events.yaml")}
        for data in self.read("events.yaml") or []:
            if data["key"] in source.events:
                merged = {**english_events[data["key"]], **data}
                self.translate("event", data["key"], source.events[data["key"]], build_event(merged, source.offices))
