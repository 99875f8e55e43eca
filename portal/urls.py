from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from base import routing
from cultural_events.views import calendar_file
from discovery import views as discovery_views
from discovery.feeds import changes_feed
from feedback import views as feedback_views
from languages.views import choose_language
from offline import views as offline_views
from search import views as search_views

from .views import healthz, readyz

handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("robots.txt", discovery_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", discovery_views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", discovery_views.sitemap_section, name="sitemap_section"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:language_code>/", choose_language, name="choose_language"),
    path("api/search/", search_views.api_search, name="search_api"),
    path("api/search/suggest/", search_views.api_suggest, name="search_suggest"),
    path("api/v2/", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every reader-facing address starts with its language (/ru/health/...);
# "/" is sent on by LocaleMiddleware to the reader's language.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/go/<int:page_id>/", search_views.result_click, name="search_click"),
    path("feedback/<int:page_id>/", feedback_views.give_feedback, name="feedback"),
    path("feedback/<int:page_id>/comment/", feedback_views.give_comment, name="feedback_comment"),
    path("feedback/<int:page_id>/report/", feedback_views.report_mistake, name="feedback_report"),
    path("feedback/<int:page_id>/thanks/", feedback_views.thanks, name="feedback_thanks"),
    path("manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("offline/", offline_views.offline_page, name="offline"),
    path("offline/topic/<int:page_id>/", offline_views.topic_pages, name="offline_topic"),
    path("saved/", offline_views.saved_page, name="offline_saved"),
    path("changes.atom", changes_feed, name="changes_feed"),
    path("<slug:topic_slug>/changes.atom", changes_feed, name="topic_changes_feed"),
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)(?P<name>feed|event)\.ics$", calendar_file, name="calendar_file"),
    path("", include(routing)),  # wagtail.urls, with what each worker keeps of its routes
    prefix_default_language=True,
)
