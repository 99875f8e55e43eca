"""How many times each page is opened: a number per page and day, nothing
about who opened it (no address, user agent, cookie or identifier of any
kind). Days older than PAGE_VIEWS_DAILY_DAYS are added up into months."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class PageViews(models.Model):
    class Period(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")

    # A page in one language: translations and stand-ins are pages of their own.
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(help_text="The day, or the first day of the month.")
    period = models.CharField(max_length=5, choices=Period.choices, default=Period.DAY)
    views = models.PositiveIntegerField(default=0)
    # Made up by the demo loader so a fresh install shows the reports working.
    sample = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("page views")
        verbose_name_plural = _("page views")
        constraints = [
            models.UniqueConstraint(fields=["page", "date", "period", "sample"], name="one_count_per_page_and_period")
        ]
        indexes = [models.Index(fields=["date", "period"])]

    def __str__(self):
        return f"{self.page_id} {self.period} {self.date}: {self.views}"
