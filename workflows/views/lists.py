"""Viewflow's list views with region scoping and columns that read the application in one query."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from viewflow.utils import viewprop
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import STATUS

from ..deadlines import deadline_of
from ..scoping import OPEN_STATUSES, PROCESS_REGION, visible

TASK_APPLICATION = "process__assessmentprocess__application"


class TaskColumns:
    """Columns shared by the inbox, the queue and the archive."""

    columns = ("task_link", "kelurahan", "kecamatan", "waiting", "deadline")

    def task_link(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, task.flow_task.task_title)

    task_link.short_description = _("Task")

    def _application(self, task):
        return task.process.assessmentprocess.application

    def kelurahan(self, task):
        return self._application(task).kelurahan.name

    kelurahan.short_description = _("Kelurahan")

    def kecamatan(self, task):
        return self._application(task).kelurahan.parent.name

    kecamatan.short_description = _("Kecamatan")

    def waiting(self, task):
        return timesince(task.created)

    waiting.short_description = _("Waiting for")

    def deadline(self, task):
        """The due date, or how late the task is (Viewflow's list pages do not load our stylesheet)."""
        if task.status not in OPEN_STATUSES:
            return ""
        deadline = deadline_of(task, self._application(task).cycle)
        if deadline is None:
            return ""
        if deadline.is_overdue:
            late = ngettext("Overdue %(days)s day", "Overdue %(days)s days", deadline.days_overdue) % {
                "days": deadline.days_overdue}
            return format_html('<strong class="krppa-overdue" style="color:#a4161a" title="{}">⚠ {}</strong>',
                               date_format(timezone.localtime(deadline.due), "j M Y"), late)
        return date_format(timezone.localtime(deadline.due), "j M Y")

    deadline.short_description = _("Deadline")

    def with_application(self, queryset):
        return queryset.select_related(f"{TASK_APPLICATION}__kelurahan__parent", f"{TASK_APPLICATION}__cycle"
                                       ).order_by("created")


class InboxView(TaskColumns, flow_views.FlowInboxListView):
    @viewprop
    def queryset(self):
        return self.with_application(
            self.model._default_manager.filter(process__flow_class=self.flow_class, owner=self.request.user,
                                               status=STATUS.ASSIGNED))


class QueueView(TaskColumns, flow_views.FlowQueueListView):
    @viewprop
    def queryset(self):
        return self.with_application(
            self.model._default_manager.user_queue(self.request.user, flow_class=self.flow_class)
            .filter(status=STATUS.NEW))


class ArchiveView(TaskColumns, flow_views.FlowArchiveListView):
    columns = ("task_link", "kelurahan", "kecamatan", "finished")

    @viewprop
    def queryset(self):
        return self.with_application(
            self.model._default_manager.user_archive(self.request.user, flow_class=self.flow_class)
        ).order_by("-finished")


class ApplicationListView(flow_views.DashboardProcessListView):
    """Every application the user may see, newest first."""

    columns = ("process_id", "kelurahan", "kecamatan", "stage", "created")

    def kelurahan(self, process):
        return process.application.kelurahan.name

    kelurahan.short_description = _("Kelurahan")

    def kecamatan(self, process):
        return process.application.kelurahan.parent.name

    kecamatan.short_description = _("Kecamatan")

    def stage(self, process):
        return process.application.get_stage_display()

    stage.short_description = _("Stage")

    def get_queryset(self):
        queryset = super().get_queryset().select_related("application__kelurahan__parent")
        if not queryset.query.order_by:
            queryset = queryset.order_by("-created", "-pk")
        return visible(queryset, self.request.user, PROCESS_REGION.removeprefix("assessmentprocess__"))


class TaskListView(TaskColumns, flow_views.DashboardTaskListView):
    columns = ("task_link", "kelurahan", "kecamatan", "status", "owner", "created", "deadline")

    @viewprop
    def queryset(self):
        queryset = self.model._default_manager.filter(process__flow_class=self.flow_class)
        return visible(self.with_application(queryset).select_related("owner"), self.request.user,
                       f"process__{PROCESS_REGION}")


class ChartView(flow_views.FlowChartView):
    """The flow chart; a process's chart only for those who may see that process."""

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            process = get_object_or_404(self.flow_class.process_class, pk=process_pk)
            if not self.flow_class.instance.has_view_permission(request.user, process):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
