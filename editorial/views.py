from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request

from guides.models import GuidePage

from .review import mark_reviewed


@require_POST
def guide_reviewed(request, page_id):
    """One action: the facts were checked and nothing needed to change."""
    guide = get_object_or_404(GuidePage, pk=page_id)
    if not guide.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    mark_reviewed(guide, request.user)
    messages.success(request, _("“%(title)s” is marked as reviewed today.") % {"title": guide.title})
    return redirect(get_valid_next_url_from_request(request) or "guide_review_report")
