"""/api/v2/: Wagtail's API router with this project's endpoints, an index
of them, and the OpenAPI description."""

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.api.v2.router import WagtailAPIRouter

from .endpoints import GlossaryEndpoint, OfficesEndpoint, PagesEndpoint, public
from .fields import NAMESPACE, absolute
from .openapi import document

router = WagtailAPIRouter(NAMESPACE)
router.register_endpoint("pages", PagesEndpoint)
router.register_endpoint("offices", OfficesEndpoint)
router.register_endpoint("glossary", GlossaryEndpoint)


@require_GET
def index(request):
    return JsonResponse(
        {
            "pages": absolute(reverse(f"{NAMESPACE}:pages:listing")),
            "offices": absolute(reverse(f"{NAMESPACE}:offices:listing")),
            "glossary": absolute(reverse(f"{NAMESPACE}:glossary:listing")),
            "openapi": absolute(reverse("content_api_openapi")),
            "search": absolute(reverse("search_api")),
        }
    )


@require_GET
@cache_control(public=True, max_age=3600)
def openapi(request):
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", public(index), name="content_api_index"),
    path("openapi.json", public(openapi), name="content_api_openapi"),
    path("", router.urls),
]
