"""Delete personal data older than its retention period (settings
*_RETENTION_DAYS); the release step runs this on every deploy."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback.models import Feedback
from search.models import SearchClick, SearchQueryStat


class Command(BaseCommand):
    help = "Delete sign-in records, reader feedback and search statistics older than their retention period."

    def handle(self, *args, **options):
        now = timezone.now()

        def before(days):
            return now - timedelta(days=days)

        sign_in = before(settings.AXES_LOG_RETENTION_DAYS)
        feedback = before(settings.FEEDBACK_RETENTION_DAYS)
        stats_day = timezone.localdate(before(settings.SEARCH_STATS_RETENTION_DAYS))
        deleted = {
            "sign-in attempts": AccessAttempt.objects.filter(attempt_time__lt=sign_in).delete()[0],
            "sign-in failures": AccessFailureLog.objects.filter(attempt_time__lt=sign_in).delete()[0],
            "sign-ins": AccessLog.objects.filter(attempt_time__lt=sign_in).delete()[0],
            "feedback": Feedback.objects.filter(created_at__lt=feedback).delete()[0],
            "search statistics": SearchQueryStat.objects.filter(day__lt=stats_day).delete()[0]
            + SearchClick.objects.filter(day__lt=stats_day).delete()[0],
        }
        self.stdout.write("Deleted " + ", ".join(f"{count} {what}" for what, count in deleted.items()) + ".")
