"""The application page: where it stands, who acts next, the gap report and the full history."""

from django.core.exceptions import PermissionDenied
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import STATUS

from assessment.models import Answer, Decision, Designation
from assessment.scorecard import application_gap_report, framework_spec

from ..history import history
from ..models import AssessmentTask


class ApplicationPageView(flow_views.DetailProcessView):
    template_name = "workflows/application.html"

    def get_queryset(self):
        return super().get_queryset().select_related(
            "application__kelurahan__parent__parent", "application__cycle__framework", "application__cycle__region")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        process = self.object
        application = process.application
        spec = framework_spec(application.framework)
        open_tasks = list(
            AssessmentTask.objects.filter(process=process, flow_task_type="HUMAN",
                                          status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED])
            .select_related("owner").order_by("created")
        )
        user = self.request.user
        actionable = [
            {"task": task, "url": task.flow_task.reverse("index", args=[process.pk, task.pk]),
             "mine": task.owner_id == user.pk,
             "can_act": task.flow_task.can_execute(user, task) or task.flow_task.can_assign(user, task)}
            for task in open_tasks
        ]
        answers = Answer.objects.filter(application=application).select_related("indicator", "level")
        context = {
            "application": application,
            "kecamatan": application.kelurahan.parent,
            "city": application.kelurahan.parent.parent,
            "open_tasks": actionable,
            "gap": application_gap_report(application, spec),
            "answers": answers,
            "history": history(application),
            "decisions": Decision.objects.filter(application=application).select_related("category", "decided_by"),
            "designation": Designation.objects.filter(application=application).select_related("category").first(),
        }
        # Each view of DetailProcessView also lists raw tasks; the page shows people's steps instead.
        return super(flow_views.DetailProcessView, self).get_context_data(**context, **kwargs)

