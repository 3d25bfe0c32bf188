"""State changes of an application, from the first answer to the designation.

Each action checks that the application is at the right stage and that `by` may act on it,
changes what it must in one transaction, records an AuditEvent and returns its result. Views
show messages; the workflow routes on the stage an action leaves behind. An action that cannot
proceed raises `Refused` with a message for the user, and changes nothing.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from . import filetypes, scoring
from .evidence_storage import digest as evidence_digest
from .evidence_storage import evidence_storage, generated_name
from .models import (
    Answer,
    Application,
    AuditEvent,
    Category,
    CoverageTarget,
    Cycle,
    Decision,
    DecisionOutcome,
    Designation,
    DesignationStatus,
    Evidence,
    EvidenceRequirement,
    Framework,
    Indicator,
    Level,
    Recommendation,
    Region,
    Review,
    ReviewScore,
    ReviewStage,
    RubricLevel,
    Stage,
)
from .perms import (
    ASSIGN_PROVINCE,
    DECIDE_CITY,
    DECIDE_PROVINCE,
    EVALUATE_PROVINCE,
    FILL_SELF_ASSESSMENT,
    JUDGE_EVIDENCE,
    MANAGE_CYCLE,
    REVIEW_CITY,
    REVOKE_DESIGNATION,
    SCREEN_APPLICATION,
    SET_TARGET,
    START_APPLICATION,
    SUBMIT_SELF_ASSESSMENT,
    UPLOAD_EVIDENCE,
)
from .scorecard import framework_spec, panel_summary

REVIEW_PERMISSION = {ReviewStage.CITY: REVIEW_CITY, ReviewStage.PROVINCE: EVALUATE_PROVINCE}
REVIEW_STAGE = {ReviewStage.CITY: Stage.CITY_REVIEW, ReviewStage.PROVINCE: Stage.PROVINCE_EVALUATION}
DECISION_STAGE = {ReviewStage.CITY: Stage.CITY_DECISION, ReviewStage.PROVINCE: Stage.PROVINCE_DECISION}


class Refused(Exception):
    """The action cannot be done as asked; the message says why, for the user."""

    def __init__(self, message: str, *, details: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)


def _require(by, perm: str, application: Application):
    if by is not None and not by.has_perm(perm, application):
        raise Refused(_("You may not do this for %(kelurahan)s.") % {"kelurahan": application.kelurahan.name})


def _require_stage(application: Application, *stages: str):
    if application.stage not in stages:
        raise Refused(
            _("This application is at “%(stage)s”; that step is not possible now.")
            % {"stage": application.get_stage_display()}
        )


def _lock(application: Application) -> Application:
    """Re-read the application under a row lock so two people cannot move it at once."""
    return Application.objects.select_for_update().select_related("cycle", "kelurahan").get(pk=application.pk)


def _move(application: Application, stage: str, *, by, action: str, note: str = "", extra: dict | None = None):
    before = application.stage
    application.stage = stage
    application.stage_entered_at = timezone.now()
    fields = ["stage", "stage_entered_at"]
    if stage in (Stage.DESIGNATED, Stage.NOT_RECOMMENDED, Stage.DECLINED, Stage.CANCELLED):
        application.closed_at = application.stage_entered_at
        fields.append("closed_at")
    application.save(update_fields=fields)
    AuditEvent.record(actor=by, action=action, obj=application, application=application, note=note,
                      before={"stage": before}, after={"stage": stage, **(extra or {})})


def _required_note(note: str, what: str) -> str:
    note = (note or "").strip()
    if not note:
        raise Refused(_("Write a note for the kelurahan: %(what)s") % {"what": what})
    return note


# -- start --------------------------------------------------------------------------------------

@transaction.atomic
def start_application(*, cycle: Cycle, kelurahan: Region, by: AbstractBaseUser | None,
                      day: date | None = None) -> Application:
    """Open `kelurahan`'s application in `cycle`, with an empty answer per indicator."""
    if not kelurahan.is_kelurahan:
        raise Refused(_("%(name)s is not a kelurahan.") % {"name": kelurahan.name})
    if not cycle.region.contains(kelurahan.code):
        raise Refused(_("%(name)s is outside the cycle's region.") % {"name": kelurahan.name})
    if not cycle.is_open(day):
        raise Refused(_("The cycle %(cycle)s is not open.") % {"cycle": cycle})
    if by is not None and not by.has_perm(START_APPLICATION, kelurahan):
        raise Refused(_("You may not start an application for %(name)s.") % {"name": kelurahan.name})
    if Application.objects.filter(cycle=cycle, kelurahan=kelurahan).exists():
        raise Refused(_("%(name)s already has an application in this cycle.") % {"name": kelurahan.name})
    # A framework in use is frozen, and was sound when its first application started: checked only until then.
    if not cycle.framework.is_in_use and cycle.framework.structure_problems():
        raise Refused(_("The cycle's framework is incomplete; ask the DP3A to fix it first."))
    try:
        with transaction.atomic():  # two starts at the same moment: the database lets one through
            application = Application.objects.create(cycle=cycle, kelurahan=kelurahan, started_by=by)
    except IntegrityError:
        raise Refused(_("%(name)s already has an application in this cycle.") % {"name": kelurahan.name}) from None
    Answer.objects.bulk_create(
        [Answer(application=application, indicator=indicator) for indicator in cycle.framework.indicators.all()]
    )
    AuditEvent.record(actor=by, action="application.started", obj=application, application=application,
                      after={"stage": application.stage, "cycle": cycle.pk})
    return application


# -- self-assessment ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerInput:
    level_id: int | None
    narrative: str


@transaction.atomic
def save_answers(*, application: Application, answers: Mapping[int, AnswerInput], by) -> list[int]:
    """Save the operator's draft answers (indicator pk -> input); returns the changed indicator numbers."""
    application = _lock(application)
    _require_stage(application, Stage.SELF_ASSESSMENT)
    _require(by, FILL_SELF_ASSESSMENT, application)
    current = {answer.indicator_id: answer for answer in application.answers.select_related("indicator")}
    levels = dict(RubricLevel.objects.filter(indicator__in=current).values_list("pk", "indicator_id"))
    changed, before, after = [], {}, {}
    for indicator_id, given in answers.items():
        answer = current.get(indicator_id)
        if answer is None:
            raise Refused(_("That indicator is not part of this application's framework."))
        if given.level_id is not None and levels.get(given.level_id) != indicator_id:
            raise Refused(_("Indicator %(n)s: choose one of its own rubric levels.") % {"n": answer.indicator.number})
        narrative = (given.narrative or "").strip()
        if answer.level_id == given.level_id and answer.narrative == narrative:
            continue
        number = answer.indicator.number
        before[number] = {"level": answer.level_id, "narrative": answer.narrative}
        answer.level_id, answer.narrative, answer.updated_by = given.level_id, narrative, by
        answer.save(update_fields=["level", "narrative", "updated_by", "updated_at"])
        after[number] = {"level": answer.level_id, "narrative": answer.narrative}
        changed.append(number)
    if changed:
        AuditEvent.record(actor=by, action="answers.saved", obj=application, application=application,
                          before=before, after=after)
    return sorted(changed)


def missing_answers(application: Application) -> list[Indicator]:
    """Indicators whose answer still lacks a level or a narrative."""
    return [answer.indicator for answer in application.answers.select_related("indicator")
            if not answer.is_complete]


@transaction.atomic
def send_to_lurah(*, application: Application, by) -> Application:
    application = _lock(application)
    _require_stage(application, Stage.SELF_ASSESSMENT)
    _require(by, FILL_SELF_ASSESSMENT, application)
    ensure_complete(application)
    _move(application, Stage.LURAH_SUBMIT, by=by, action="self_assessment.sent_to_lurah")
    return application


def ensure_complete(application: Application):
    """Refuse, naming them, while any indicator lacks a level or a narrative."""
    missing = missing_answers(application)
    if missing:
        raise Refused(
            _("Every indicator needs a level and a narrative before the lurah can submit. Still missing:"),
            details=[f"{indicator.number}. {indicator.title_localized}" for indicator in missing],
        )


@transaction.atomic
def submit_self_assessment(*, application: Application, attestation: str, by) -> Application:
    """The lurah attests to the self-assessment and submits it to the city."""
    application = _lock(application)
    _require_stage(application, Stage.LURAH_SUBMIT)
    _require(by, SUBMIT_SELF_ASSESSMENT, application)
    if missing_answers(application):
        raise Refused(_("The self-assessment is incomplete; send it back to the operator."))
    application.submitted_at = timezone.now()
    application.submitted_by = by
    application.attestation = attestation
    application.save(update_fields=["submitted_at", "submitted_by", "attestation"])
    _move(application, Stage.CITY_SCREENING, by=by, action="self_assessment.submitted", note=attestation)
    return application


@transaction.atomic
def return_to_operator(*, application: Application, note: str, by) -> Application:
    application = _lock(application)
    _require_stage(application, Stage.LURAH_SUBMIT)
    _require(by, SUBMIT_SELF_ASSESSMENT, application)
    note = _required_note(note, _("what must change before you submit"))
    _move(application, Stage.SELF_ASSESSMENT, by=by, action="self_assessment.returned_by_lurah", note=note)
    return application


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


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def write_designation(*, application: Application, by=None) -> Designation:
    """Write the Designation that the province decided; the kelurahan's previous one ends."""
    application = _lock(application)
    _require_stage(application, Stage.DESIGNATED)
    if Designation.objects.filter(application=application).exists():
        raise Refused(_("This application's designation has already been written."))
    decision = application.decisions.filter(stage=ReviewStage.PROVINCE,
                                            outcome=DecisionOutcome.DESIGNATE).order_by("-pk").first()
    if decision is None:
        raise Refused(_("There is no designation decision to write."))
    now = timezone.now()
    for previous in Designation.objects.active().filter(kelurahan=application.kelurahan).select_for_update():
        previous.status, previous.status_changed_at = DesignationStatus.EXPIRED, now
        previous.save(update_fields=["status", "status_changed_at"])
        AuditEvent.record(actor=by, action="designation.superseded", obj=previous, application=application,
                          before={"status": DesignationStatus.ACTIVE}, after={"status": DesignationStatus.EXPIRED})
    designation = Designation.objects.create(
        kelurahan=application.kelurahan, application=application, framework=application.framework,
        category=decision.category, score=decision.score, sk_number=decision.sk_number, sk_date=decision.sk_date,
        valid_from=decision.valid_from,
        valid_until=_years_later(decision.valid_from, application.cycle.designation_valid_years) - timedelta(days=1),
    )
    AuditEvent.record(actor=by, action="designation.written", obj=designation, application=application,
                      after={"category": designation.category.name, "score": designation.score,
                             "sk_number": designation.sk_number, "valid_until": designation.valid_until})
    return designation


def category_preview(application: Application) -> tuple[scoring.CategorySpec | None, object]:
    """The category the province panel's score gives now (for the decision form)."""
    panel = panel_summary(application, ReviewStage.PROVINCE)
    return panel.category, panel.total


# -- evidence -----------------------------------------------------------------------------------

EVIDENCE_JUDGING_STAGES = (Stage.CITY_REVIEW, Stage.PROVINCE_EVALUATION)


@dataclass(frozen=True)
class EvidenceUpload:
    evidence: Evidence
    stored: bool  # False when the same content was already current there and nothing new was kept


def _evidence_application(answer: Answer) -> Application:
    application = _lock(answer.application)
    if answer.application_id != application.pk:
        raise Refused(_("That answer belongs to another application."))
    return application


@transaction.atomic
def upload_evidence(*, answer: Answer, upload: File, by, requirement: EvidenceRequirement | None = None,
                    replaces: Evidence | None = None) -> EvidenceUpload:
    """Keep `upload` as evidence for `answer` (and one of its indicator's requirements), privately.

    The type is decided by the content; the file is read in chunks, never whole. The same content
    already current for this requirement of the answer is recognised and not stored again (one document
    may serve two requirements: it is listed under both, its bytes kept once). `replaces` supersedes an
    earlier file, which stays in the history.
    """
    application = _evidence_application(answer)
    _require_stage(application, Stage.SELF_ASSESSMENT)
    _require(by, UPLOAD_EVIDENCE, application)
    if requirement is not None and requirement.indicator_id != answer.indicator_id:
        raise Refused(_("That evidence requirement belongs to another indicator."))
    if replaces is not None:
        replaces = Evidence.objects.select_for_update().get(pk=replaces.pk)
        if replaces.answer_id != answer.pk or not replaces.is_current:
            raise Refused(_("Only a current file of this indicator can be replaced."))
        requirement = replaces.requirement
    name = getattr(upload, "name", "") or ""
    original_name = name.replace("\\", "/").rsplit("/", 1)[-1][:255] or _("unnamed file")
    limit = settings.KRPPA_EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise Refused(_("“%(name)s” is larger than %(limit)s; make it smaller (e.g. scan at a lower resolution).")
                      % {"name": original_name, "limit": filesizeformat(limit)})
    try:
        kind = filetypes.detect(upload)
    except filetypes.UnacceptableFile as refusal:
        raise Refused(_("“%(name)s” was not accepted: %(reason)s") % {"name": original_name,
                                                                         "reason": refusal.message}) from None
    digest = evidence_digest(upload)
    if digest.size > limit:  # the client's announced size is not trusted
        raise Refused(_("“%(name)s” is larger than %(limit)s; make it smaller (e.g. scan at a lower resolution).")
                      % {"name": original_name, "limit": filesizeformat(limit)})
    same = answer.evidence.current().filter(sha256=digest.sha256, requirement=requirement).first()
    if same is not None:
        return EvidenceUpload(evidence=same, stored=False)
    # Content seen before on this answer (then replaced) is not written to disk a second time.
    earlier = answer.evidence.filter(sha256=digest.sha256).order_by("pk").first()
    stored_name = earlier.file.name if earlier else evidence_storage().save(generated_name(kind.extension), upload)
    now = timezone.now()
    evidence = Evidence.objects.create(
        answer=answer, requirement=requirement, file=stored_name, original_name=original_name, kind=kind.key,
        size=digest.size, sha256=digest.sha256, uploaded_by=by, uploaded_at=now)
    if replaces is not None:
        replaces.superseded_by, replaces.superseded_at = evidence, now
        replaces.save(update_fields=["superseded_by", "superseded_at"])
    AuditEvent.record(actor=by, action="evidence.replaced" if replaces else "evidence.uploaded", obj=evidence,
                      application=application, region_code=application.kelurahan_id,
                      before={"evidence": replaces.pk, "name": replaces.original_name} if replaces else None,
                      after={"indicator": answer.indicator.number, "name": original_name, "type": kind.key,
                             "size": digest.size, "sha256": digest.sha256,
                             "requirement": requirement.pk if requirement else None})
    return EvidenceUpload(evidence=evidence, stored=True)  # a new current file, even where its bytes are shared


@transaction.atomic
def withdraw_evidence(*, evidence: Evidence, by) -> Evidence:
    """Take a file out of the current evidence (uploaded by mistake); it stays in the history."""
    application = _evidence_application(evidence.answer)
    _require_stage(application, Stage.SELF_ASSESSMENT)
    _require(by, UPLOAD_EVIDENCE, application)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if not evidence.is_current:
        raise Refused(_("That file was already replaced or withdrawn."))
    evidence.superseded_at = timezone.now()
    evidence.save(update_fields=["superseded_at"])
    AuditEvent.record(actor=by, action="evidence.withdrawn", obj=evidence, application=application,
                      region_code=application.kelurahan_id, before={"current": True}, after={"current": False})
    return evidence


@transaction.atomic
def judge_evidence(*, evidence: Evidence, insufficient: bool, note: str = "", by) -> Evidence:
    """A reviewer or evaluator marks a file insufficient (with a note the kelurahan reads), or clears the mark."""
    application = _evidence_application(evidence.answer)
    _require_stage(application, *EVIDENCE_JUDGING_STAGES)
    _require(by, JUDGE_EVIDENCE, application)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if not evidence.is_current:
        raise Refused(_("That file was replaced or withdrawn; judge the current one."))
    note = (note or "").strip()
    if insufficient and not note:
        raise Refused(_("“%(name)s”: say what is insufficient, for the kelurahan.") % {"name": evidence.original_name})
    if evidence.insufficient == insufficient and evidence.insufficient_note == (note if insufficient else ""):
        return evidence
    before = {"insufficient": evidence.insufficient, "note": evidence.insufficient_note}
    evidence.insufficient = insufficient
    evidence.insufficient_note = note if insufficient else ""
    evidence.judged_by, evidence.judged_at = by, timezone.now()
    evidence.save(update_fields=["insufficient", "insufficient_note", "judged_by", "judged_at"])
    AuditEvent.record(actor=by, action="evidence.judged", obj=evidence, application=application,
                      region_code=application.kelurahan_id, note=evidence.insufficient_note, before=before,
                      after={"insufficient": insufficient, "note": evidence.insufficient_note})
    return evidence


# -- cycles -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CycleInput:
    year: int
    opens_on: date
    closes_on: date
    name: str = ""
    deadline_days: Mapping[str, int] | None = None  # `<stage>_days` fields of Cycle; defaults where absent
    reminder_grace_days: int | None = None


@transaction.atomic
def create_cycle(*, region: Region, framework: Framework, given: CycleInput, by) -> Cycle:
    """A city's (or province's) assessment cycle of one published framework."""
    if by is not None and not by.has_perm(MANAGE_CYCLE, region):
        raise Refused(_("You may not manage cycles for %(region)s.") % {"region": region.name})
    if not framework.live:
        raise Refused(_("Choose a published framework."))
    if framework.structure_problems():
        raise Refused(_("The framework is incomplete; ask the DP3A to fix it first."))
    if Cycle.objects.filter(region=region, year=given.year).exists():
        raise Refused(_("%(region)s already has a cycle for %(year)s.") % {"region": region.name, "year": given.year})
    cycle = Cycle(region=region, framework=framework, year=given.year, opens_on=given.opens_on,
                  closes_on=given.closes_on, name=(given.name or "").strip())
    for field, days in (given.deadline_days or {}).items():
        if not (field.endswith("_days") and hasattr(cycle, field)):
            raise Refused(_("Unknown deadline: %(field)s.") % {"field": field})
        setattr(cycle, field, days)
    if given.reminder_grace_days is not None:
        cycle.reminder_grace_days = given.reminder_grace_days
    try:
        cycle.full_clean()
    except ValidationError as error:
        raise Refused(_("The cycle cannot be created:"),
                      details=[message for messages in error.message_dict.values() for message in messages]) from None
    cycle.save()
    AuditEvent.record(actor=by, action="cycle.created", obj=cycle, region_code=region.code,
                      after={"year": cycle.year, "framework": framework.slug, "opens_on": cycle.opens_on,
                             "closes_on": cycle.closes_on})
    return cycle
# -- the designation register and coverage targets ----------------------------------------------

@transaction.atomic
def revoke_designation(*, designation: Designation, reason: str, by) -> Designation:
    """The province withdraws a kelurahan's KRPPA status before it runs out; the reason is kept and audited."""
    designation = (Designation.objects.select_for_update(of=("self",)).select_related("kelurahan", "application")
                   .get(pk=designation.pk))
    if by is None or not by.has_perm(REVOKE_DESIGNATION, designation):
        raise Refused(_("You may not revoke the designation of %(kelurahan)s.")
                      % {"kelurahan": designation.kelurahan.name})
    if designation.status != DesignationStatus.ACTIVE:
        raise Refused(_("Only an active designation can be revoked; this one is “%(status)s”.")
                      % {"status": designation.get_status_display()})
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Write the reason for revoking; the kelurahan and the city will read it."))
    designation.status = DesignationStatus.REVOKED
    designation.status_changed_at = timezone.now()
    designation.revoked_by = by
    designation.revoke_reason = reason
    designation.save(update_fields=["status", "status_changed_at", "revoked_by", "revoke_reason"])
    AuditEvent.record(actor=by, action="designation.revoked", obj=designation, note=reason,
                      application=designation.application,
                      before={"status": DesignationStatus.ACTIVE}, after={"status": DesignationStatus.REVOKED})
    return designation


@transaction.atomic
def expire_designations(*, today: date, by=None) -> list[Designation]:
    """Mark every active designation whose validity ended before `today` as expired; returns them.

    Running it again the same day finds nothing left to expire, so the daily job is safe to repeat.
    """
    ended = list(Designation.objects.active().filter(valid_until__lt=today)
                 .select_for_update(of=("self",)).select_related("kelurahan", "category", "application")
                 .order_by("valid_until", "pk"))
    now = timezone.now()
    for designation in ended:
        designation.status, designation.status_changed_at = DesignationStatus.EXPIRED, now
        designation.save(update_fields=["status", "status_changed_at"])
        AuditEvent.record(actor=by, action="designation.expired", obj=designation, application=designation.application,
                          before={"status": DesignationStatus.ACTIVE},
                          after={"status": DesignationStatus.EXPIRED, "valid_until": designation.valid_until})
    return ended


MAX_TARGET_YEARS_AHEAD = 25


@transaction.atomic
def set_coverage_target(*, city: Region, target_percent: int, target_year: int, by,
                        today: date | None = None) -> CoverageTarget:
    """Set (or change) the share of a city's kelurahan it aims to have designated by the end of a year."""
    if city.level != Level.CITY:
        raise Refused(_("A coverage target belongs to a city or regency."))
    if by is None or not by.has_perm(SET_TARGET, city):
        raise Refused(_("You may not set the coverage target of %(city)s.") % {"city": city.name})
    this_year = (today or timezone.localdate()).year
    if not 1 <= target_percent <= 100:
        raise Refused(_("The target is a percentage between 1 and 100."))
    if not this_year <= target_year <= this_year + MAX_TARGET_YEARS_AHEAD:
        raise Refused(_("Choose a year from %(first)s to %(last)s.")
                      % {"first": this_year, "last": this_year + MAX_TARGET_YEARS_AHEAD})
    target = CoverageTarget.objects.select_for_update().filter(region=city).first()
    before = {"target_percent": target.target_percent, "target_year": target.target_year} if target else {}
    target = target or CoverageTarget(region=city)
    target.target_percent, target.target_year = target_percent, target_year
    target.set_by, target.set_at = by, timezone.now()
    target.save()
    AuditEvent.record(actor=by, action="coverage_target.set", obj=target, before=before,
                      after={"target_percent": target_percent, "target_year": target_year})
    return target
