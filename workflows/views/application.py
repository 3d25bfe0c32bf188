"""The application page: where it stands, who acts next, the gap report, the evidence and the full history."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from viewflow.workflow.flow import views as flow_views

from assessment.checklist import evidence_checklist, missing_required_count
from assessment.models import Answer, Decision, Designation, RubricLevel
from assessment.perms import VIEW_EVIDENCE
from assessment.scorecard import application_gap_report, framework_spec, panels_still_scoring

from ..deadlines import deadline_of
from ..history import history
from ..models import AssessmentTask
from .lookups import APPLICATION_RELATED


class ApplicationPageView(flow_views.DetailProcessView):
    template_name = "workflows/application.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*APPLICATION_RELATED)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        process = self.object
        application = process.application
        spec = framework_spec(application.framework)
        open_tasks = list(
            AssessmentTask.objects.open_human().filter(process=process).select_related("owner").order_by("created")
        )
        user = self.request.user
        actionable = [
            {"task": task, "url": task.flow_task.reverse("index", args=[process.pk, task.pk]),
             "mine": task.owner_id == user.pk, "deadline": deadline_of(task, application.cycle),
             "can_act": task.flow_task.can_execute(user, task) or task.flow_task.can_assign(user, task)}
            for task in open_tasks
        ]
        # A panel member still scoring must not read the others' figures or comments (the panel is blind).
        withheld = panels_still_scoring(application, user)
        answers = Answer.objects.filter(application=application).select_related("indicator", "level")
        context = {
            "application": application,
            "kecamatan": application.kelurahan.parent,
            "city": application.kelurahan.parent.parent,
            "open_tasks": actionable,
            "gap": application_gap_report(application, spec, withheld=withheld),
            "withheld": sorted(withheld),
            "answers": answers,
            "history": history(application, hide_notes_of=[f"review.{stage}.submitted" for stage in withheld]),
            "decisions": Decision.objects.filter(application=application).select_related("category", "decided_by"),
            "designation": Designation.objects.filter(application=application).select_related("category").first(),
        }
        if user.has_perm(VIEW_EVIDENCE, application):
            indicators = list(application.framework.indicators.order_by("number").prefetch_related(
                "evidence_requirements", Prefetch("levels", queryset=RubricLevel.objects.order_by("points"))))
            checklist = evidence_checklist(application, indicators)
            context["evidence_rows"] = [checklist[indicator.pk] for indicator in indicators]
            context["evidence_missing"] = missing_required_count(checklist)
        # Each view of DetailProcessView also lists raw tasks; the page shows people's steps instead.
        return super(flow_views.DetailProcessView, self).get_context_data(**context, **kwargs)
