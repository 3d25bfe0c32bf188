"""The work UI: Viewflow's Site at /workflow/ (inbox, queue, archive, processes)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from .flows import AssessmentFlow
from .views.cycles import CycleCreateView, CycleOverviewView, OpenCycleView
from .views.dashboard import DashboardView, SetTargetView, may_view_dashboard
from .views.designations import DesignationRegisterView, RevokeDesignationView
from .views.evidence import EvidenceDownloadView
from .views.home import WorkHomeView
from .views.preferences import NotificationSettingsView
from .viewset import AssessmentViewset


class WorkArea(Application):
    title = _("Work area")
    icon = "home"
    app_name = "work"
    menu_template_name = None

    @property
    def index_path(self):
        return path("", WorkHomeView.as_view(), name="index")

    evidence_path = path("evidence/<int:pk>/", EvidenceDownloadView.as_view(), name="evidence")
    notifications_path = path("notifications/", NotificationSettingsView.as_view(), name="notifications")
    cycles_path = path("cycles/", CycleOverviewView.as_view(), name="cycles")
    new_cycle_path = path("cycles/new/", CycleCreateView.as_view(), name="new_cycle")
    open_cycle_path = path("cycles/<int:pk>/open/", OpenCycleView.as_view(), name="open_cycle")


class DashboardArea(Application):
    """Coverage for coordinators and the national viewer: the dashboard and the designation register."""

    title = _("Coverage")
    icon = "insights"
    app_name = "dashboard"
    menu_template_name = "workflows/dashboard/menu.html"

    index_path = path("", DashboardView.as_view(), name="index")
    target_path = path("target/<str:code>/", SetTargetView.as_view(), name="target")
    designations_path = path("designations/", DesignationRegisterView.as_view(), name="designations")
    revoke_path = path("designations/<int:pk>/revoke/", RevokeDesignationView.as_view(), name="revoke")

    def has_view_permission(self, user, obj=None):
        return may_view_dashboard(user)


site = Site(
    title=_("KRPPA"),
    primary_color="#5b2a86",
    secondary_color="#0f6e6e",
    viewsets=[WorkArea(), AssessmentViewset(AssessmentFlow), DashboardArea()],
)
