from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from workflows.site import site as workflow_site

from .coverage.api import api as open_data_api
from .search import search
from .sitemaps import BilingualSitemap

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    path("", include("assessment.urls")),
    path("api/v1/", open_data_api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Indonesian at the root, English under /en/: the work area and the public pages.
urlpatterns += i18n_patterns(
    path("workflow/", workflow_site.urls),
    # Translated path: /cari/ in Indonesian, /en/search/ in English.
    path(_("search/"), search, name="search"),
    path("", include("website.coverage.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
