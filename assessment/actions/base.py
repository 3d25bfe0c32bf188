"""What every action shares: the refusal, the permission and stage checks, the row lock, the audited move."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Application,
    AuditEvent,
    ReviewStage,
    Stage,
)
from ..perms import (
    EVALUATE_PROVINCE,
    REVIEW_CITY,
)

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
