"""The assessment of one kelurahan, as in DESIGN.md §4.

Human steps call actions in `assessment.actions`; each action leaves the application at its next
stage, and the gateways below route on that stage. Panel reviews run in parallel, one task each,
joined before the coordinator decides.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from assessment import actions
from assessment.models import Application, Review, ReviewStage, Stage
from assessment.perms import (
    ASSIGN_PROVINCE,
    DECIDE_CITY,
    DECIDE_PROVINCE,
    EVALUATE_PROVINCE,
    FILL_SELF_ASSESSMENT,
    REVIEW_CITY,
    SCREEN_APPLICATION,
    SUBMIT_SELF_ASSESSMENT,
    VIEW_APPLICATION,
)

from . import assignment, notifications
from .models import AssessmentProcess, AssessmentTask
from .nodes import PanelSplit, RegionalView, process_of
from .permissions import has_perm_anywhere
from .views import tasks


def stage_is(stage):
    """A gateway condition; reads the stage afresh, since the action that set it used its own copy."""

    def condition(activation):
        current = Application.objects.values_list("stage", flat=True).get(pk=activation.process.application_id)
        return current == stage

    return condition


class AssessmentFlow(flow.Flow):
    process_class = AssessmentProcess
    task_class = AssessmentTask
    lock_impl = lock.select_for_update_lock
    process_title = _("KRPPA assessment")
    process_description = _("One kelurahan's application, from self-assessment to designation.")
    process_summary_template = "{{ process.application.kelurahan.name }} — {{ process.application.get_stage_display }}"

    start = (
        flow.Start(tasks.StartApplicationView.as_view())
        .Annotation(title=_("Start an application"))
        .Available(assignment.can_start_application)
        .Next(this.self_assessment)
    )
    start_for_kelurahan = flow.StartHandle(this.attach_application).Next(this.self_assessment)

    self_assessment = (
        RegionalView(tasks.SelfAssessmentView.as_view())
        .Annotation(title=_("Self-assessment"))
        .Permission(FILL_SELF_ASSESSMENT, obj=process_of)
        .Assign(assignment.operator_for)
        .onCreate(this.tell_who_acts)
        .Next(this.lurah_submit)
    )
    lurah_submit = (
        RegionalView(tasks.LurahSubmitView.as_view())
        .Annotation(title=_("Lurah's submission"))
        .Permission(SUBMIT_SELF_ASSESSMENT, obj=process_of)
        .Assign(assignment.lurah_for)
        .onCreate(this.tell_who_acts)
        .Next(this.after_lurah)
    )
    after_lurah = (
        flow.Switch()
        .Case(this.city_screening, stage_is(Stage.CITY_SCREENING))
        .Case(this.self_assessment, stage_is(Stage.SELF_ASSESSMENT))
    )
    city_screening = (
        RegionalView(tasks.ScreeningView.as_view())
        .Annotation(title=_("City screening"))
        .Permission(SCREEN_APPLICATION, obj=process_of)
        .Assign(assignment.city_coordinator_for)
        .onCreate(this.tell_who_acts)
        .Next(this.after_screening)
    )
    after_screening = (
        flow.Switch()
        .Case(this.city_review_panel, stage_is(Stage.CITY_REVIEW))
        .Case(this.self_assessment, stage_is(Stage.SELF_ASSESSMENT))
    )
    city_review_panel = PanelSplit(this.city_panel).Next(this.city_review)
    city_review = (
        RegionalView(tasks.ReviewView.as_view())
        .Annotation(title=_("City review"))
        .Permission(REVIEW_CITY, obj=process_of)
        .Assign(assignment.panel_member)
        .onCreate(this.tell_who_acts)
        .Next(this.city_review_done)
    )
    city_review_done = flow.Join().Next(this.city_decision)
    city_decision = (
        RegionalView(tasks.CityDecisionView.as_view())
        .Annotation(title=_("City decision"))
        .Permission(DECIDE_CITY, obj=process_of)
        .Assign(assignment.city_coordinator_for)
        .onCreate(this.tell_who_acts)
        .Next(this.after_city_decision)
    )
    after_city_decision = (
        flow.Switch()
        .Case(this.province_assignment, stage_is(Stage.PROVINCE_ASSIGNMENT))
        .Case(this.self_assessment, stage_is(Stage.SELF_ASSESSMENT))
        .Case(this.not_recommended, stage_is(Stage.NOT_RECOMMENDED))
    )
    province_assignment = (
        RegionalView(tasks.ProvinceAssignmentView.as_view())
        .Annotation(title=_("Province assignment"))
        .Permission(ASSIGN_PROVINCE, obj=process_of)
        .Assign(assignment.province_coordinator_for)
        .onCreate(this.tell_who_acts)
        .Next(this.province_evaluation_panel)
    )
    province_evaluation_panel = PanelSplit(this.province_panel).Next(this.province_evaluation)
    province_evaluation = (
        RegionalView(tasks.ReviewView.as_view())
        .Annotation(title=_("Provincial evaluation"))
        .Permission(EVALUATE_PROVINCE, obj=process_of)
        .Assign(assignment.panel_member)
        .onCreate(this.tell_who_acts)
        .Next(this.province_evaluation_done)
    )
    province_evaluation_done = flow.Join().Next(this.province_decision)
    province_decision = (
        RegionalView(tasks.ProvinceDecisionView.as_view())
        .Annotation(title=_("Province decision"))
        .Permission(DECIDE_PROVINCE, obj=process_of)
        .Assign(assignment.province_coordinator_for)
        .onCreate(this.tell_who_acts)
        .Next(this.after_province_decision)
    )
    after_province_decision = (
        flow.Switch()
        .Case(this.designate, stage_is(Stage.DESIGNATED))
        .Case(this.city_decision, stage_is(Stage.CITY_DECISION))
        .Case(this.declined, stage_is(Stage.DECLINED))
    )
    designate = flow.Function(this.write_designation).Next(this.designated)

    designated = flow.End().Annotation(title=_("Designated"))
    not_recommended = flow.End().Annotation(title=_("Not recommended"))
    declined = flow.End().Annotation(title=_("Declined"))

    # -- node handlers: a few lines that call actions --------------------------------------------

    def attach_application(self, activation, application):
        """Start a process for an application opened in code (e.g. a city opening its kelurahan)."""
        activation.process.application = application
        return activation.process

    def city_panel(self, activation):
        return self._panel(activation, ReviewStage.CITY)

    def province_panel(self, activation):
        return self._panel(activation, ReviewStage.PROVINCE)

    def _panel(self, activation, stage):
        application = activation.process.application
        return [{"review": review.pk} for review in Review.objects.current(application, stage).pending()]

    def write_designation(self, activation):
        actions.write_designation(application=activation.process.application, by=None)

    def tell_who_acts(self, activation):
        """Every new human task: mail its owner, or whoever may take it from the queue (after commit)."""
        notifications.task_created(activation)

    # -- who may see it ---------------------------------------------------------------------------

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated:
            return False
        if obj is None:
            return has_perm_anywhere(user, VIEW_APPLICATION)
        return user.has_perm(VIEW_APPLICATION, obj)

    def has_manage_permission(self, user, obj=None):
        return user.is_authenticated and user.is_superuser


