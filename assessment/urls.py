from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    # The /kriteria/ page links here; keep the path stable.
    path("kriteria/instrumen/<slug:slug>.xlsx", views.instrument_download, name="instrument_download"),
]
