from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import search
from cms import views as cms_views
from config import views
from config.api_root import api_root
from pagecache import cache_anonymous_page, cache_page

api_v1 = [
    path("", api_root, name="api-root"),
    path("", include("places.api_urls")),
    path("", include("engagement.api_urls")),
    path("", include("proposals.api_urls")),
    path("", include("twin.api_urls")),
    path("", include("investors.api_urls")),
    path("search/", cache_anonymous_page(search.SearchApi.as_view()), name="search-api"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]

# Every sign-in goes through allauth, so two-step sign-in and rate limits apply to the admin sites too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("health/", views.health, name="health"),
    path("search/", cache_page(search.search_page), name="search"),
    path("health/live/", views.live, name="health-live"),
    path("django-admin/", admin.site.urls),
    path("cms/login/", RedirectView.as_view(url="/accounts/login/?next=/cms/", permanent=False)),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("organisations/", include("accounts.organisation_urls")),
    path("areas/", include("places.urls")),
    path("engagement/", include("engagement.urls")),
    path("twin/", include("twin.urls")),
    path("open311/v2/", include("gamification.open311.urls")),
    path("reports/", include("gamification.urls")),
    path("rewards/", include("gamification.reward_urls")),
    path("improve/", include("gamification.datafix_urls")),
    path("plan/", include("gamification.game_urls")),
    path("investors/", cms_views.investor_home, name="investor-home"),
    path("invest/", include("investors.urls")),
    path("", include("proposals.urls")),
    path("api/v1/", include(api_v1)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
if not settings.AWS_STORAGE_BUCKET_NAME:  # uploads on this server's disk: their public folders, through Django
    urlpatterns += [path("media/<path:path>", views.media, name="media")]
# Wagtail's pages, served to visitors from the page cache like every other public page (cms's
# receivers make publishing, unpublishing, moving and deleting a page out-date it); private and
# password-protected pages never are (a redirect, or a form with a CSRF token, is not stored).
*wagtail_utils, wagtail_serve = wagtail_urls.urlpatterns  # its own helpers, then the catch-all
assert wagtail_serve.name == "wagtail_serve"
urlpatterns += [
    *wagtail_utils,
    re_path(wagtail_urls.serve_pattern, cache_page(wagtail_views.serve), name="wagtail_serve"),
]

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
