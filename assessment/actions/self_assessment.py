"""Starting an application and the kelurahan's self-assessment, up to the lurah's submission."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Answer,
    Application,
    AuditEvent,
    Cycle,
    Indicator,
    Region,
    RubricLevel,
    Stage,
)
from ..perms import (
    FILL_SELF_ASSESSMENT,
    START_APPLICATION,
    SUBMIT_SELF_ASSESSMENT,
)
from .base import (
    Refused,
    _lock,
    _move,
    _require,
    _require_stage,
    _required_note,
)

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
