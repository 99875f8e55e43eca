from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views import update_translations


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
    needs the right to publish each of them."""

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
