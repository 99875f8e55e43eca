from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial work"

    def ready(self):
        from wagtail.signals import page_published

        from .review import start_review_clock

        page_published.connect(start_review_clock, dispatch_uid="editorial-review-clock")
