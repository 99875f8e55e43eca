"""What readers tell us about a guide: helpful or not, and what was missing.
Nothing about who they are is kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 1000


class Feedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        HANDLED = "handled", _("Handled")
        HIDDEN = "hidden", _("Hidden")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("guide")
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    # Shown as Yes or No in the editor's language (listing, inspect view), not True/False.
    helpful = models.BooleanField(_("helpful"), choices=[(True, _("Yes")), (False, _("No"))])
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("reader feedback")
        verbose_name_plural = _("reader feedback")
        ordering = ["-created_at"]

    def __str__(self):
        # The admin's title for one answer (inspect, delete), in the editor's language.
        return f"{self.page.title}: {self.get_helpful_display()}"
