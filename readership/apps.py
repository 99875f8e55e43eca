from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "readership"
    verbose_name = "What readers open"

    def ready(self):
        from django.core.signals import request_finished

        from . import counter

        # Counts are written after the response has gone to the reader.
        request_finished.connect(counter.flush_if_due, dispatch_uid="readership-flush")
