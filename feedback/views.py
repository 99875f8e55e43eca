"""The form at the end of each guide. Works without JavaScript: Yes saves
and thanks; No saves, then asks what was missing.

The Yes/No buttons sit on guide pages that are cached and the same for
every reader, so they carry no CSRF token: that one-bit answer is refused
instead when the browser says it comes from another site. The comment form,
on a page of its own, has the usual token. A second answer from the
same browser for the same guide within a day replaces the first (a signed
cookie holds the answer's number; nothing about the reader is stored)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from guides.models import GuidePage

from .forms import FeedbackForm
from .models import Feedback

ONE_DAY = 24 * 60 * 60


def cookie_name(page):
    return f"feedback-{page.pk}"


def earlier_answer(request, page):
    try:
        pk = signing.loads(request.COOKIES.get(cookie_name(page), ""), salt="feedback", max_age=ONE_DAY)
    except signing.BadSignature:
        return None
    return Feedback.objects.filter(pk=pk, page=page).first()


def guide_or_404(page_id):
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, GuidePage):
        raise Http404
    return page


def from_another_site(request):
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return origin is not None and (origin == "null" or urlsplit(origin).netloc != request.get_host())


@csrf_exempt
@require_POST
def give_feedback(request, page_id):
    """Yes or No, from the buttons on the guide page."""
    if from_another_site(request):
        return HttpResponseForbidden()
    return record_answer(request, page_id, with_comment=False)


@require_POST
def give_comment(request, page_id):
    """What was missing, from the form shown after No (CSRF-protected)."""
    return record_answer(request, page_id, with_comment=True)


def record_answer(request, page_id, with_comment):
    page = guide_or_404(page_id)
    form = FeedbackForm(request.POST)
    if form.is_bot():
        return redirect("feedback_thanks", page_id=page.pk)
    context = {"page": page, "form": form}
    if is_ratelimited(request, group="feedback", key="ip", rate=settings.FEEDBACK_RATE, increment=True):
        return TemplateResponse(request, "feedback/too_many.html", context, status=429, headers={"Retry-After": "3600"})
    if not form.is_valid():
        # Shown again with what the reader wrote, and why it was not accepted.
        return TemplateResponse(request, "feedback/comment.html", context, status=400)

    helpful = form.cleaned_data["helpful"] == "yes"
    feedback = earlier_answer(request, page) or Feedback(page=page, locale_id=page.locale_id)
    feedback.helpful = helpful
    # Only the CSRF-protected form may write a comment: the Yes/No buttons
    # need no token, so another site could post a comment through them.
    if with_comment:
        feedback.comment = form.cleaned_data["comment"].strip()
    # A comment an editor hid stays hidden, however often it is sent again.
    if feedback.status != Feedback.Status.HIDDEN:
        feedback.status = Feedback.Status.NEW
    feedback.save()

    if not helpful and not with_comment:
        response = TemplateResponse(
            request, "feedback/comment.html", {"page": page, "form": FeedbackForm(initial={"helpful": "no"})}
        )
    else:
        response = redirect("feedback_thanks", page_id=page.pk)
    response.set_cookie(
        cookie_name(page),
        signing.dumps(feedback.pk, salt="feedback"),
        max_age=ONE_DAY,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def report_mistake(request, page_id):
    """ "Report a mistake on this page": the comment form for the guide,
    as after No, without answering Yes or No first."""
    page = guide_or_404(page_id)
    form = FeedbackForm(initial={"helpful": "no"})
    return TemplateResponse(request, "feedback/comment.html", {"page": page, "form": form, "reporting": True})


def thanks(request, page_id):
    return TemplateResponse(request, "feedback/thanks.html", {"page": guide_or_404(page_id)})
