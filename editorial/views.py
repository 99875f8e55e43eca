from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_valid_next_url_from_request

from guides.models import GuidePage
from languages.templatetags.languages import language_name

from .review import NotAllowed, confirmable, mark_reviewed


def guide_reviewed(request, page_id):
    """ "Confirm still correct": the facts were checked and nothing needed to
    change. The header's button posts without a choice and confirms every
    language in sync that the reviewer may publish; the form (GET) lets the
    reviewer pick the languages they checked."""
    guide = get_object_or_404(GuidePage, pk=page_id)
    if not guide.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    next_url = get_valid_next_url_from_request(request)
    if request.method != "POST":
        return confirm_form(request, guide, next_url)
    chosen = request.POST.getlist("languages") if "choosing" in request.POST else None
    if chosen == []:
        messages.error(request, _("Choose the languages you checked."))
        return confirm_form(request, guide, next_url, chosen, status=400)
    try:
        confirmed = mark_reviewed(guide, request.user, chosen)
    except NotAllowed as refused:
        names = ", ".join(language_name(code) for code in refused.languages)
        messages.error(
            request,
            _("You may not confirm %(languages)s: only someone who may publish in a language can confirm it.")
            % {"languages": names},
        )
        return confirm_form(request, guide, next_url, chosen, status=400)
    messages.success(
        request,
        _("“%(title)s” is marked as reviewed today in %(languages)s.")
        % {"title": guide.title, "languages": ", ".join(language_name(code) for code in confirmed)},
    )
    return redirect(next_url or "guide_review_report")


def confirm_form(request, guide, next_url, chosen=None, status=200):
    items = confirmable(guide, request.user)
    if chosen is None:
        chosen = [item.language for item in items if item.in_sync and item.may_publish]
    return TemplateResponse(
        request,
        "editorial/confirm_reviewed.html",
        {"guide": guide, "items": items, "chosen": chosen, "next": next_url or ""},
        status=status,
    )
