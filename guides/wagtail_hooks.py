from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet

from .models import Office
from .viewsets import GlossaryTermViewSet, OfficeViewSet, PublicationViewSet

register_snippet(OfficeViewSet)
register_snippet(GlossaryTermViewSet)
register_snippet(PublicationViewSet)


@hooks.register("before_delete_snippet")
def refuse_to_delete_offices_in_use(request, instances):
    """An office that steps or events point at stays: deleting it would leave
    readers without the address. Wagtail shows where it is used."""
    in_use = [
        office
        for office in instances
        if isinstance(office, Office) and ReferenceIndex.get_references_to(office).exists()
    ]
    if in_use:
        names = ", ".join(str(office) for office in in_use)
        messages.error(
            request,
            gettext("%(names)s cannot be deleted: guides or events still point to it. Change them first.")
            % {"names": names},
        )
        return redirect(reverse("wagtailsnippets_guides_office:usage", args=[in_use[0].pk]))
    return None
