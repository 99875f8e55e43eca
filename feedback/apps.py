from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Reader feedback"

    def purge_personal_data(self, now):
        """Readers' answers and comments, for FEEDBACK_RETENTION_DAYS
        (manage.py purge_personal_data)."""
        from .models import Feedback

        before = now - timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
        return {"feedback": Feedback.objects.filter(created_at__lt=before).delete()[0]}

    def ready(self):
        from guides.models import GuidePage

        from .panels import FeedbackSummaryPanel

        # guides/ sits below feedback/ and does not know it: feedback puts its
        # summary on the guide's Settings tab itself. This runs before Wagtail
        # first builds (and caches) the guide's edit handler.
        GuidePage.settings_panels = [*GuidePage.settings_panels, FeedbackSummaryPanel()]
