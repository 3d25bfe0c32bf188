"""The pages of the human tasks. Each reads the application, calls one action, completes the task."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic

from assessment import actions
from assessment.models import (
    Answer,
    Application,
    Cycle,
    DecisionOutcome,
    Indicator,
    Region,
    Review,
    ReviewScore,
    ReviewStage,
    RubricLevel,
)
from assessment.perms import START_APPLICATION
from assessment.scorecard import framework_spec, panel_summary

from .. import forms, notifications
from ..permissions import contains_code, region_q, regions_for
from .evidence import EvidenceChecklistMixin, EvidenceJudgingMixin, EvidenceUploadMixin


class TaskPage(generic.FormView):
    """Common ground of the task pages: the application, its people, and completing the task."""

    success_message = ""

    @cached_property
    def application(self) -> Application:
        return (Application.objects.select_related("kelurahan__parent__parent", "cycle__framework", "cycle__region")
                .get(pk=self.request.activation.process.application_id))

    @cached_property
    def indicators(self) -> list[Indicator]:
        levels = Prefetch("levels", queryset=RubricLevel.objects.order_by("points"))
        return list(self.application.framework.indicators.order_by("number")
                    .prefetch_related(levels, "evidence_requirements"))

    def get_context_data(self, **kwargs):
        application = self.application
        kecamatan = application.kelurahan.parent
        return super().get_context_data(
            application=application, kecamatan=kecamatan, city=kecamatan.parent,
            task=self.request.activation.task, process=self.request.activation.process,
            sent_back=notifications.arrival_note(application), **kwargs)

    def refuse(self, form, refused: actions.Refused):
        form.add_error(None, refused.message)
        for detail in refused.details:
            form.add_error(None, detail)
        return self.form_invalid(form)

    def complete(self, message: str):
        """Finish the task (the flow moves on) and show the application where it now stands."""
        self.request.activation.execute()
        messages.success(self.request, message)
        return HttpResponseRedirect(self.application_url())

    def application_url(self) -> str:
        return self.request.resolver_match.flow_viewset.reverse(
            "process_detail", args=[self.request.activation.process.pk])


def _answers_by_indicator(application):
    return {answer.indicator_id: answer for answer in Answer.objects.filter(application=application)
            .select_related("level", "indicator")}


class SelfAssessmentView(EvidenceUploadMixin, TaskPage):
    template_name = "workflows/tasks/self_assessment.html"
    form_class = forms.SelfAssessmentForm
    SAVE, SEND = "save", "send"

    @cached_property
    def answers(self):
        return _answers_by_indicator(self.application)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(), "indicators": self.indicators,
            "initial_levels": {pk: answer.level_id for pk, answer in self.answers.items()},
            "initial_texts": {pk: answer.narrative for pk, answer in self.answers.items()},
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["complete_count"] = sum(1 for answer in self.answers.values() if answer.is_complete)
        context["total_count"] = len(self.indicators)
        context["rows"] = context["form"].rows()
        for row in context["rows"]:
            row.evidence = context["evidence"][row.indicator.pk]
        return context

    def form_valid(self, form):
        inputs = {pk: actions.AnswerInput(level_id=level, narrative=text)
                  for pk, (level, text) in form.indicator_values().items()}
        sending = self.request.POST.get("_action") == self.SEND
        try:
            # A refused send changes nothing: the answers roll back before any file is stored,
            # and the page keeps what was typed so nothing is lost.
            with transaction.atomic():
                changed = actions.save_answers(application=self.application, answers=inputs, by=self.request.user)
                if sending:
                    actions.ensure_complete(self.application)
        except actions.Refused as refused:
            self.__dict__.pop("answers", None)
            if self.request.FILES:  # a browser cannot keep chosen files across a page
                refused.details.append(_("The files you chose were not uploaded; choose them again."))
            return self.refuse(form, refused)
        evidence = self.apply_evidence()
        evidence.tell(self.request)
        if evidence.problems:
            self.__dict__.pop("answers", None)
            for refused in evidence.problems:
                form.add_error(None, refused.message)
            return self.form_invalid(form)
        if sending:
            try:
                actions.send_to_lurah(application=self.application, by=self.request.user)
            except actions.Refused as refused:
                self.__dict__.pop("answers", None)
                return self.refuse(form, refused)
            return self.complete(_("The self-assessment was sent to the lurah."))
        if changed:
            messages.success(self.request, _("Draft saved: indicator(s) %(numbers)s changed.")
                             % {"numbers": ", ".join(str(number) for number in changed)})
        elif not (evidence.stored or evidence.known or evidence.withdrawn):
            messages.info(self.request, _("Nothing changed since the last save."))
        anchor = f"#indicator-{evidence.indicator_number}" if evidence.indicator_number else ""
        return HttpResponseRedirect(self.request.get_full_path() + anchor)


class ReadOnlyAnswersMixin(EvidenceChecklistMixin):
    """Task pages that show the whole self-assessment, with its evidence, read-only."""

    def get_context_data(self, **kwargs):
        answers = _answers_by_indicator(self.application)
        rows = [{"indicator": indicator, "answer": answers.get(indicator.pk), "evidence": self.evidence[indicator.pk]}
                for indicator in self.indicators]
        missing = [row["indicator"] for row in rows if not (row["answer"] and row["answer"].is_complete)]
        return super().get_context_data(answer_rows=rows, missing=missing, evidence_mode="read", **kwargs)


class LurahSubmitView(ReadOnlyAnswersMixin, TaskPage):
    template_name = "workflows/tasks/lurah_submit.html"
    form_class = forms.LurahSubmitForm

    def form_valid(self, form):
        try:
            if form.cleaned_data["decision"] == form.SUBMIT:
                actions.submit_self_assessment(application=self.application, by=self.request.user,
                                               attestation=str(form.fields["attest"].label))
                return self.complete(_("Submitted to the city's DP3A."))
            actions.return_to_operator(application=self.application, note=form.cleaned_data["note"],
                                       by=self.request.user)
            return self.complete(_("Sent back to the operator with your note."))
        except actions.Refused as refused:
            return self.refuse(form, refused)


class ScreeningView(ReadOnlyAnswersMixin, TaskPage):
    template_name = "workflows/tasks/screening.html"
    form_class = forms.ScreeningForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "city_code": self.application.city_code}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["decision"] == form.COMPLETE:
                actions.screen_application(application=self.application, reviewers=list(data["reviewers"]),
                                           note=data["note"], by=self.request.user)
                return self.complete(_("Sent to review."))
            actions.return_as_incomplete(application=self.application, note=data["note"], by=self.request.user)
            return self.complete(_("Returned to the kelurahan as incomplete."))
        except actions.Refused as refused:
            return self.refuse(form, refused)


class ReviewView(EvidenceJudgingMixin, TaskPage):
    """A panel member's scores; other members' scores stay hidden until this one is submitted."""

    template_name = "workflows/tasks/review.html"
    form_class = forms.ReviewForm
    SAVE, SUBMIT = "save", "submit"

    @cached_property
    def review(self) -> Review:
        return (Review.objects.select_related("reviewer")
                .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.select_related("level")))
                .get(pk=self.request.activation.task.data["review"], application=self.application))

    def get_form_kwargs(self):
        scores = {score.indicator_id: score for score in self.review.scores.all()}
        initial = {"recommendation": self.review.recommendation, "comment": self.review.comment,
                   "field_findings": self.review.field_findings}
        return {**super().get_form_kwargs(), "indicators": self.indicators, "stage": self.review.stage,
                "initial": initial,
                "initial_levels": {pk: score.level_id for pk, score in scores.items()},
                "initial_texts": {pk: score.comment for pk, score in scores.items()}}

    def get_context_data(self, **kwargs):
        earlier = {}
        if self.review.stage == ReviewStage.PROVINCE:
            # The city's scores are an earlier, finished stage: the evaluators may read them.
            for review in panel_summary(self.application, ReviewStage.CITY).reviews:
                for score in review.scores.all():
                    earlier.setdefault(score.indicator.number, []).append(
                        {"who": _("City"), "level": score.level, "comment": score.comment})
        context = super().get_context_data(review=self.review, **kwargs)
        context["rows"] = context["form"].rows(claims=_answers_by_indicator(self.application), earlier=earlier)
        for row in context["rows"]:
            row.evidence = context["evidence"][row.indicator.pk]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        scores = {pk: actions.ScoreInput(level_id=level, comment=text)
                  for pk, (level, text) in form.indicator_values().items()}
        submit = self.request.POST.get("_action") == self.SUBMIT
        problems = self.apply_judgements()
        if problems:
            for refused in problems:
                form.add_error(None, refused.message)
            return self.form_invalid(form)
        try:
            actions.save_review(review=self.review, scores=scores, by=self.request.user, submit=submit,
                                recommendation=data.get("recommendation", ""), comment=data.get("comment", ""),
                                field_findings=data.get("field_findings", ""))
        except actions.Refused as refused:
            return self.refuse(form, refused)
        if submit:
            return self.complete(_("Your scores were submitted."))
        messages.success(self.request, _("Draft scores saved."))
        return HttpResponseRedirect(self.request.get_full_path())


class PanelContextMixin:
    """Decision pages show every panel member's scores and the consolidated result."""

    panel_stage = ReviewStage.CITY

    def get_context_data(self, **kwargs):
        spec = framework_spec(self.application.framework)
        panel = panel_summary(self.application, self.panel_stage, spec)
        answers = _answers_by_indicator(self.application)
        rows = []
        for indicator in self.indicators:
            consolidated = panel.consolidated.get(indicator.number)
            rows.append({
                "indicator": indicator,
                "answer": answers.get(indicator.pk),
                "scores": [next((score for score in review.scores.all() if score.indicator_id == indicator.pk), None)
                           for review in panel.reviews],
                "consolidated": consolidated,
            })
        return super().get_context_data(panel=panel, panel_rows=rows, **kwargs)


class CityDecisionView(PanelContextMixin, TaskPage):
    template_name = "workflows/tasks/city_decision.html"
    form_class = forms.CityDecisionForm

    def form_valid(self, form):
        outcome = form.cleaned_data["outcome"]
        try:
            decision = actions.decide_city(application=self.application, outcome=outcome,
                                           note=form.cleaned_data["note"], by=self.request.user)
        except actions.Refused as refused:
            return self.refuse(form, refused)
        notifications.decision_made(decision)
        return self.complete({
            DecisionOutcome.RECOMMEND: _("Recommended to the province."),
            DecisionOutcome.REVISE: _("Sent back to the kelurahan for revision."),
            DecisionOutcome.NOT_RECOMMENDED: _("Closed as not recommended this cycle."),
        }[outcome])


class ProvinceAssignmentView(PanelContextMixin, TaskPage):
    template_name = "workflows/tasks/province_assignment.html"
    form_class = forms.ProvinceAssignmentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "province_code": self.application.province_code}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            actions.assign_province_panel(application=self.application, evaluators=list(data["evaluators"]),
                                          field_visit_on=data["field_visit_on"], note=data["note"],
                                          by=self.request.user)
        except actions.Refused as refused:
            return self.refuse(form, refused)
        return self.complete(_("The evaluator panel was assigned."))


class ProvinceDecisionView(PanelContextMixin, TaskPage):
    template_name = "workflows/tasks/province_decision.html"
    form_class = forms.ProvinceDecisionForm
    panel_stage = ReviewStage.PROVINCE

    def get_form_kwargs(self):
        category, _total = actions.category_preview(self.application)
        return {**super().get_form_kwargs(), "framework": self.application.framework, "computed_category": category}

    def get_context_data(self, **kwargs):
        city = panel_summary(self.application, ReviewStage.CITY)
        return super().get_context_data(city_panel=city, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            decision = actions.decide_province(
                application=self.application, outcome=data["outcome"], note=data["note"], by=self.request.user,
                category=data.get("category"), override_reason=data.get("override_reason", ""),
                sk_number=data.get("sk_number", ""), sk_date=data.get("sk_date"), valid_from=data.get("valid_from"))
        except actions.Refused as refused:
            return self.refuse(form, refused)
        notifications.decision_made(decision)
        if decision.outcome == DecisionOutcome.DESIGNATE:
            return self.complete(_("Designated as KRPPA %(category)s.") % {"category": decision.category.name})
        if decision.outcome == DecisionOutcome.RETURN_TO_CITY:
            return self.complete(_("Returned to the city."))
        return self.complete(_("Declined."))


class StartApplicationView(generic.FormView):
    """An operator (or city coordinator) opens a kelurahan's application in an open cycle."""

    template_name = "workflows/tasks/start.html"
    form_class = forms.StartApplicationForm

    @cached_property
    def codes(self):
        """Where the user may start applications (None: everywhere)."""
        return regions_for(self.request.user, START_APPLICATION)

    @cached_property
    def kelurahan(self):
        regions = Region.objects.kelurahan()
        if self.codes is not None:
            regions = regions.filter(region_q(self.codes, "code"))
        return list(regions.order_by("code")[:500])

    @cached_property
    def cycles(self):
        """The open cycles that cover some of the user's kelurahan (not every city's in the country)."""
        cycles = Cycle.objects.open_on().select_related("region", "framework").order_by("-year")
        if self.codes is None:
            return list(cycles)
        return [cycle for cycle in cycles if any(
            contains_code(cycle.region_id, code) or contains_code(code, cycle.region_id) for code in self.codes)]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "kelurahan_choices": [(region.code, f"{region.name} ({region.code})") for region in self.kelurahan],
            "cycle_choices": [(cycle.pk, str(cycle)) for cycle in self.cycles],
        }

    def form_valid(self, form):
        kelurahan = next(region for region in self.kelurahan if region.code == form.cleaned_data["kelurahan"])
        cycle = next(cycle for cycle in self.cycles if str(cycle.pk) == form.cleaned_data["cycle"])
        try:
            application = actions.start_application(cycle=cycle, kelurahan=kelurahan, by=self.request.user)
        except actions.Refused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        activation = self.request.activation
        activation.process.application = application
        activation.execute()
        messages.success(self.request, _("The application of %(name)s was started.") % {"name": kelurahan.name})
        return HttpResponseRedirect(
            self.request.resolver_match.flow_viewset.reverse("process_detail", args=[activation.process.pk]))
