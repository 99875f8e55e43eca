from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import DraftStateMixin, Page
from wagtail.signals import page_published, page_unpublished
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views import convert, submit_translations, update_translations

from .review import may_submit_for_review, submit_for_review


def choose_language(request, language_code):
    """The language switcher's links: remember the reader's choice (it decides
    where "/" leads next time) and go on to the same page in that language.
    A plain link, so it works without JavaScript."""
    known = language_code in dict(settings.LANGUAGES) and check_for_language(language_code)
    next_url = request.GET.get("next", "")
    # Only a path on this site: no other host, and nothing relative to /language/.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = f"/{language_code}/" if known else "/"
    response = HttpResponseRedirect(next_url)
    if not known:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language_code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages". With "Publish immediately"
    ticked it publishes every translation, checking only the right to submit
    translations: an editor or a translator of one language could publish
    pages in every language, past the review workflow. Here publishing
    needs the right to publish each of them.

    Upstream workaround, for wagtail-localize 1.14 (1.14.5 when written;
    pyproject.toml allows >=1.14,<1.15): its UpdateTranslationsView checks
    only "wagtail_localize.submit_translation" (in dispatch), then
    form_valid publishes with save_target(publish=True). It has published
    so since "Publish immediately" came with the view itself
    (https://github.com/wagtail/wagtail-localize/pull/159); no upstream
    issue reported it when this was written. This view takes over the
    address through the guarded_translation_sync hook in
    languages/wagtail_hooks.py.

    To delete it: when tests/test_upstream.py says wagtail-localize's own
    view no longer lets an editor publish what they may not, delete this
    class, that hook and the wagtail-localize test in tests/test_upstream.py
    (tests/test_permissions.py keeps checking the behaviour)."""

    def form_valid(self, form):
        if form.cleaned_data["publish_translations"] and not self.may_publish_every_translation():
            raise PermissionDenied
        return super().form_valid(form)

    def may_publish_every_translation(self):
        user = self.request.user
        for translation in self.object.translations.filter(enabled=True).select_related("target_locale"):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                target = None
            if isinstance(target, Page):
                if not target.permissions_for_user(user).can_publish():
                    return False
            else:
                model = self.object.specific_content_type.model_class()
                action = "publish" if issubclass(model, DraftStateMixin) else "change"
                if not user.has_perm(get_permission_name(action, model)):
                    return False
        return True


def may_publish_page_translation(user, page, locale):
    """May `user` do what "Translate this page" does in `locale`: the page
    there if it exists (usually its stand-in), otherwise a new page under
    the nearest of its ancestors that exists in that language
    (wagtail-localize copies missing parents). It publishes the translation
    when the source is live, unless translations need review
    (settings.TRANSLATIONS_NEED_REVIEW): then it makes a draft, and the right
    to edit is enough."""
    publishes = page.live and settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
    target = page.get_translation_or_none(locale)
    if target is not None:
        permissions = target.permissions_for_user(user)
        return permissions.can_publish() if publishes else permissions.can_edit()
    for ancestor in reversed(page.get_ancestors()):
        parent = ancestor.get_translation_or_none(locale)
        if parent is not None:
            permissions = parent.permissions_for_user(user)
            return permissions.can_add_subpage() and (permissions.can_publish_subpage() or not publishes)
    return user.is_superuser


def may_publish_snippet_translation(user, model):
    """A new copy of the snippet in another language: the right to add it,
    and to publish it where the model has drafts."""
    actions = ["add", "publish"] if issubclass(model, DraftStateMixin) else ["add"]
    return all(user.has_perm(get_permission_name(action, model)) for action in actions)


class PublishableLocalesMixin:
    """wagtail-localize's "Translate" checks only the right to submit
    translations (editors and every translator have it) and then publishes
    the new translations when the source is live. Here the form offers, and
    accepts, only the languages where the user may publish the result.

    Refused rather than saved as drafts: every page already exists in every
    language as a live stand-in, and translating it rewrites that live page
    at once (no draft of it can wait for review), and the translation editor
    has no "submit for review". A language's translators, or a reviewer,
    start its translation from the stand-in."""

    refused_help = gettext_lazy(
        "Only the languages you may publish in are listed. A language's translators or a reviewer can "
        "translate into the others."
    )

    def may_publish_into(self, locale):
        raise NotImplementedError

    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        offered = [locale.pk for locale in field.queryset if self.may_publish_into(locale)]
        if len(offered) < len(field.queryset):
            field.queryset = field.queryset.filter(pk__in=offered)
            field.help_text = self.refused_help
            if len(offered) < 2:
                form.fields["select_all"].widget = forms.HiddenInput()
        return form


class SubmitPageTranslationView(PublishableLocalesMixin, submit_translations.SubmitPageTranslationView):
    subtree_refused = gettext_lazy("You may not publish every page below this one in the languages chosen.")

    def may_publish_into(self, locale):
        return may_publish_page_translation(self.request.user, self.object, locale)

    def form_valid(self, form):
        # "Include subtree" publishes every page below too: each must be publishable.
        if form.cleaned_data["include_subtree"]:
            user = self.request.user
            for page in self.object.get_descendants():
                if not all(may_publish_page_translation(user, page, locale) for locale in form.cleaned_data["locales"]):
                    form.add_error("include_subtree", self.subtree_refused)
                    return self.render_to_response({**self.get_context_data(), "form": form})
        return super().form_valid(form)


class SubmitSnippetTranslationView(PublishableLocalesMixin, submit_translations.SubmitSnippetTranslationView):
    def may_publish_into(self, locale):
        return may_publish_snippet_translation(self.request.user, type(self.object))


def convert_to_alias(request, page_id):
    """wagtail-localize's "Convert to alias page" replaces a live translation
    with the source's text, needing only the right to edit it: here the
    right to publish it. Its view sends no publish signal when the page was
    live already, so the page cache, the CDN and search would keep the
    translation; sending it purges them as a publish does."""
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    was_live = page.live
    with transaction.atomic():
        response = convert.convert_to_alias(request, page_id)
        page = page.specific_class.objects.get(pk=page_id)
        if request.method == "POST" and page.alias_of_id:
            if page.live:
                page_published.send(sender=page.specific_class, instance=page, revision=None, alias=True)
            elif was_live:
                page_unpublished.send(sender=page.specific_class, instance=page)
    return response


class SubmitTranslationForReviewView(WagtailAdminTemplateMixin, TemplateView):
    """A translator who may not publish sends their translation to the
    reviewers (languages.review): the translation editor itself can only
    publish. A confirmation page, as Wagtail asks before unpublishing."""

    template_name = "languages/submit_for_review.html"
    page_title = gettext_lazy("Submit translation for review")
    header_icon = "resubmit"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, id=page_id).specific
        if not may_submit_for_review(self.page, request.user):
            raise PermissionDenied
        self.next_url = get_valid_next_url_from_request(request) or reverse(
            "wagtailadmin_explore", args=[self.page.get_parent().id]
        )
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page=self.page, next_url=self.next_url)

    def post(self, request, page_id):
        submit_for_review(self.page, request.user)
        messages.success(
            request,
            _("“%(title)s” is waiting for review. A reviewer will publish it or ask you for changes.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect(self.next_url)
