from django.urls import path, re_path

from .views import CoverageView

# Inside i18n_patterns: /cakupan/ in Indonesian, /en/cakupan/ in English.
urlpatterns = [
    path("cakupan/", CoverageView.as_view(), name="coverage"),
    re_path(r"^cakupan/(?P<code>\d{2}(?:\.\d{2}){0,2})/$", CoverageView.as_view(), name="coverage-region"),
]
