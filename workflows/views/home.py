"""The first page after login: your tasks, your kelurahan's applications, and what you may start."""


from django.views.generic import TemplateView
from viewflow.workflow.status import STATUS

from assessment.models import Application
from assessment.perms import START_APPLICATION, VIEW_APPLICATION

from ..deadlines import deadline_of
from ..models import AssessmentTask, Membership
from ..permissions import filter_by_region, has_perm_anywhere
from ..roles import Role
from .cycles import may_open_cycles
from .dashboard import may_view_dashboard

TASKS_SHOWN = 10


class WorkHomeView(TemplateView):
    template_name = "workflows/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        memberships = list(Membership.objects.filter(user=user).select_related("region"))
        inbox = (AssessmentTask.objects.filter(owner=user, status=STATUS.ASSIGNED, flow_task_type="HUMAN")
                 .select_related("process__assessmentprocess__application__kelurahan__parent",
                                 "process__assessmentprocess__application__cycle")
                 .order_by("created"))
        tasks = []
        for task in inbox[:TASKS_SHOWN]:
            application = task.process.assessmentprocess.application
            tasks.append({"task": task, "application": application,
                          "deadline": deadline_of(task, application.cycle),
                          "url": task.flow_task.reverse("index", args=[task.process_id, task.pk])})
        queue_count = AssessmentTask.objects.user_queue(user).filter(status=STATUS.NEW).count()
        # The kelurahan's own applications, for operators and lurah.
        own_kelurahan = [m.region_id for m in memberships if m.role in (Role.OPERATOR, Role.LURAH)]
        applications = []
        if own_kelurahan:
            applications = list(
                filter_by_region(Application.objects.filter(kelurahan_id__in=own_kelurahan), user, VIEW_APPLICATION,
                                 "kelurahan__code")
                .select_related("kelurahan", "cycle", "process").order_by("-cycle__year")[:10])
        return super().get_context_data(
            memberships=memberships, tasks=tasks, inbox_count=inbox.count(), queue_count=queue_count,
            applications=applications, may_start=has_perm_anywhere(user, START_APPLICATION),
            may_open_cycles=may_open_cycles(user), may_view_dashboard=may_view_dashboard(user), **kwargs)
