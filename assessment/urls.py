from django.urls import path

from . import views

# Not "assessment": the Viewflow flow's own URLs under /workflow/ use that namespace.
app_name = "criteria"

urlpatterns = [
    # The /kriteria/ page links here; keep the path stable.
    path("kriteria/instrumen/<slug:slug>.xlsx", views.instrument_download, name="instrument"),
    # The public coverage pages link here (?region=CODE); keep the path stable.
    path("designations.xlsx", views.designation_register, name="designations"),
]
