"""The application gunicorn serves (Procfile). gunicorn loads it once and
then forks its workers (preload_app, gunicorn.conf.py), so what warm_up()
does here, every worker, and every worker started again after
max_requests, begins with: each language's interface catalogue read, URL
patterns filled and word stemmer made, the page templates compiled, the
cache's client imported. A fresh worker's first guide in a language took
37 to 210 ms against 22 to 29 once warmed (in-process, demo content)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# The search page and the error pages: templates no page type names.
OTHER_TEMPLATES = ["search/search.html", "404.html", "500.html", "offline/offline.html"]


def warm_up():
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import get_page_models

    from search.analysis import term

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("search")  # reads the catalogue and fills the language's URL patterns
        term("putokaz", code)
    for name in {model.template for model in get_page_models()} | set(OTHER_TEMPLATES):
        get_template(name)
    caches.all()  # made, not connected: Redis is reached on first use
    # Nothing above needs the database; should anything have connected,
    # the workers must not share its connection.
    connections.close_all()


warm_up()
