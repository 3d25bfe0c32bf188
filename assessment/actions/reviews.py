"""Screening, review panels and the city's and province's decisions."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scoring
from ..models import (
    Application,
    AuditEvent,
    Category,
    Decision,
    DecisionOutcome,
    Recommendation,
    Review,
    ReviewScore,
    ReviewStage,
    RubricLevel,
    Stage,
)
from ..perms import (
    ASSIGN_PROVINCE,
    DECIDE_CITY,
    DECIDE_PROVINCE,
    SCREEN_APPLICATION,
)
from ..scorecard import framework_spec, panel_summary
from .base import (
    DECISION_STAGE,
    REVIEW_PERMISSION,
    REVIEW_STAGE,
    Refused,
    _lock,
    _move,
    _require,
    _require_stage,
    _required_note,
)

# -- panels and reviews -------------------------------------------------------------------------

def _next_round(application: Application, stage: str) -> int:
    latest = application.reviews.filter(stage=stage).aggregate(Max("round"))["round__max"]
    return (latest or 0) + 1


def _assign_panel(application: Application, stage: str, members, by) -> list[Review]:
    members = list(dict.fromkeys(members))  # keep order, drop repeats
    if not members:
        raise Refused(_("Choose at least one reviewer."))
    perm = REVIEW_PERMISSION[stage]
    for member in members:
        if not member.has_perm(perm, application):
            raise Refused(_("%(name)s may not review applications from %(kelurahan)s.")
                          % {"name": member.get_full_name() or member.username,
                             "kelurahan": application.kelurahan.name})
    round_number = _next_round(application, stage)
    return [Review.objects.create(application=application, stage=stage, round=round_number, reviewer=member)
            for member in members]


@transaction.atomic
def screen_application(*, application: Application, reviewers, by, note: str = "") -> list[Review]:
    """The city coordinator finds the submission complete and assigns its reviewer(s)."""
    application = _lock(application)
    _require_stage(application, Stage.CITY_SCREENING)
    _require(by, SCREEN_APPLICATION, application)
    reviews = _assign_panel(application, ReviewStage.CITY, reviewers, by)
    _move(application, Stage.CITY_REVIEW, by=by, action="screening.complete", note=note,
          extra={"reviewers": [review.reviewer.username for review in reviews]})
    return reviews


@transaction.atomic
def return_as_incomplete(*, application: Application, note: str, by) -> Application:
    application = _lock(application)
    _require_stage(application, Stage.CITY_SCREENING)
    _require(by, SCREEN_APPLICATION, application)
    note = _required_note(note, _("what is incomplete"))
    _move(application, Stage.SELF_ASSESSMENT, by=by, action="screening.incomplete", note=note)
    return application


@dataclass(frozen=True)
class ScoreInput:
    level_id: int | None
    comment: str = ""


@transaction.atomic
def save_review(*, review: Review, scores: Mapping[int, ScoreInput], by, recommendation: str = "",
                comment: str = "", field_findings: str = "", submit: bool = False) -> Review:
    """Save a reviewer's scores (indicator pk -> input); `submit` makes them final and visible."""
    application = _lock(review.application)
    review = Review.objects.select_for_update().get(pk=review.pk)
    _require_stage(application, REVIEW_STAGE[review.stage])
    if by is not None and review.reviewer_id != by.pk:
        raise Refused(_("This review belongs to another reviewer."))
    _require(by, REVIEW_PERMISSION[review.stage], application)
    if review.is_submitted:
        raise Refused(_("This review has already been submitted."))
    indicators = {indicator.pk: indicator for indicator in application.framework.indicators.all()}
    level_owner = dict(RubricLevel.objects.filter(indicator__in=indicators).values_list("pk", "indicator_id"))
    existing = {score.indicator_id: score for score in review.scores.all()}
    for indicator_id, given in scores.items():
        if indicator_id not in indicators:
            raise Refused(_("That indicator is not part of this application's framework."))
        if given.level_id is None:
            continue
        if level_owner.get(given.level_id) != indicator_id:
            raise Refused(_("Indicator %(n)s: the score must be one of its rubric levels.")
                          % {"n": indicators[indicator_id].number})
        comment_text = (given.comment or "").strip()
        score = existing.get(indicator_id)
        if score is not None and (score.level_id, score.comment) == (given.level_id, comment_text):
            continue  # unchanged: a draft saved again writes nothing
        score = score or ReviewScore(review=review, indicator_id=indicator_id)
        score.level_id, score.comment = given.level_id, comment_text
        score.save()
        existing[indicator_id] = score
    review.recommendation = recommendation
    review.comment = (comment or "").strip()
    review.field_findings = (field_findings or "").strip()
    if submit:
        unscored = sorted(indicator.number for pk, indicator in indicators.items() if pk not in existing)
        problems = [_("Indicator %(n)s has no score.") % {"n": number} for number in unscored]
        if review.stage == ReviewStage.CITY and recommendation not in Recommendation.values:
            problems.append(_("Give a recommendation."))
        if review.stage == ReviewStage.PROVINCE and not review.field_findings:
            problems.append(_("Record the field-verification findings."))
        if problems:
            raise Refused(_("The review cannot be submitted yet:"), details=problems)
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        AuditEvent.record(actor=by, action=f"review.{review.stage}.submitted", obj=review, application=application,
                          note=review.comment, after={"round": review.round, "recommendation": recommendation})
        if not Review.objects.current(application, review.stage).pending().exists():
            _move(application, DECISION_STAGE[review.stage], by=by, action=f"review.{review.stage}.panel_complete")
    return review


# -- decisions ----------------------------------------------------------------------------------

CITY_OUTCOMES = {
    DecisionOutcome.RECOMMEND: Stage.PROVINCE_ASSIGNMENT,
    DecisionOutcome.REVISE: Stage.SELF_ASSESSMENT,
    DecisionOutcome.NOT_RECOMMENDED: Stage.NOT_RECOMMENDED,
}
PROVINCE_OUTCOMES = {
    DecisionOutcome.DESIGNATE: Stage.DESIGNATED,
    DecisionOutcome.RETURN_TO_CITY: Stage.CITY_DECISION,
    DecisionOutcome.DECLINE: Stage.DECLINED,
}


@transaction.atomic
def decide_city(*, application: Application, outcome: str, note: str, by) -> Decision:
    application = _lock(application)
    _require_stage(application, Stage.CITY_DECISION)
    _require(by, DECIDE_CITY, application)
    if outcome not in CITY_OUTCOMES:
        raise Refused(_("Choose recommend, revise or not recommended."))
    if outcome != DecisionOutcome.RECOMMEND:
        note = _required_note(note, _("the feedback the kelurahan will read"))
    decision = Decision.objects.create(application=application, stage=ReviewStage.CITY, outcome=outcome,
                                       note=(note or "").strip(), decided_by=by)
    _move(application, CITY_OUTCOMES[outcome], by=by, action=f"city.{outcome}", note=decision.note)
    return decision


@transaction.atomic
def assign_province_panel(*, application: Application, evaluators, field_visit_on: date, by,
                          note: str = "") -> list[Review]:
    application = _lock(application)
    _require_stage(application, Stage.PROVINCE_ASSIGNMENT)
    _require(by, ASSIGN_PROVINCE, application)
    if field_visit_on is None:
        raise Refused(_("Set the date of the field-verification visit."))
    reviews = _assign_panel(application, ReviewStage.PROVINCE, evaluators, by)
    application.field_visit_on = field_visit_on
    application.save(update_fields=["field_visit_on"])
    _move(application, Stage.PROVINCE_EVALUATION, by=by, action="province.panel_assigned", note=note,
          extra={"evaluators": [review.reviewer.username for review in reviews],
                 "field_visit_on": field_visit_on.isoformat()})
    return reviews


@transaction.atomic
def decide_province(*, application: Application, outcome: str, note: str, by, category: Category | None = None,
                    override_reason: str = "", sk_number: str = "", sk_date: date | None = None,
                    valid_from: date | None = None) -> Decision:
    """Designate (category from the panel's score unless overridden with a reason), return, or decline."""
    application = _lock(application)
    _require_stage(application, Stage.PROVINCE_DECISION)
    _require(by, DECIDE_PROVINCE, application)
    if outcome not in PROVINCE_OUTCOMES:
        raise Refused(_("Choose designate, return to the city or decline."))
    decision = Decision(application=application, stage=ReviewStage.PROVINCE, outcome=outcome,
                        note=(note or "").strip(), decided_by=by)
    if outcome == DecisionOutcome.DESIGNATE:
        _fill_designation_decision(decision, application, category, override_reason, sk_number, sk_date,
                                   valid_from)
    else:
        decision.note = _required_note(note, _("the feedback the city and the kelurahan will read"))
    decision.save()
    _move(application, PROVINCE_OUTCOMES[outcome], by=by, action=f"province.{outcome}", note=decision.note,
          extra={"category": decision.category.name if decision.category_id else None})
    return decision


def _fill_designation_decision(decision, application, category, override_reason, sk_number, sk_date, valid_from):
    spec = framework_spec(application.framework)
    panel = panel_summary(application, ReviewStage.PROVINCE, spec)
    if panel.total is None:
        raise Refused(_("The evaluators' scores are incomplete."))
    computed = Category.objects.get(pk=panel.category.key) if panel.category else None
    chosen = category or computed
    if chosen is None:
        raise Refused(_("A score of %(score)s is below every category; choose a category and give the reason, "
                        "or decline.") % {"score": panel.total})
    if chosen.framework_id != application.framework.pk:
        raise Refused(_("That category belongs to another framework."))
    if chosen != computed and not (override_reason or "").strip():
        raise Refused(_("The score %(score)s gives %(computed)s; write why the category should be %(chosen)s.")
                      % {"score": panel.total, "computed": computed.name if computed else "—",
                         "chosen": chosen.name})
    if not (sk_number or "").strip() or sk_date is None:
        raise Refused(_("Give the decree (SK) number and date."))
    decision.score = panel.total
    decision.computed_category = computed
    decision.category = chosen
    decision.override_reason = (override_reason or "").strip() if chosen != computed else ""
    decision.sk_number = sk_number.strip()
    decision.sk_date = sk_date
    decision.valid_from = valid_from or sk_date



def category_preview(application: Application) -> tuple[scoring.CategorySpec | None, object]:
    """The category the province panel's score gives now (for the decision form)."""
    panel = panel_summary(application, ReviewStage.PROVINCE)
    return panel.category, panel.total
