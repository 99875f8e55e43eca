from django.apps import AppConfig


class CulturalEventsConfig(AppConfig):
    # The package is not called "events": opensearch-py imports a PyPI
    # package of that name. The app label stays "events".
    name = "cultural_events"
    label = "events"
    verbose_name = "Events"
