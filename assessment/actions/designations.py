"""Designations: writing the one the province decided, revoking, expiring; coverage targets."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Application,
    AuditEvent,
    CoverageTarget,
    DecisionOutcome,
    Designation,
    DesignationStatus,
    Level,
    Region,
    ReviewStage,
    Stage,
)
from ..perms import (
    REVOKE_DESIGNATION,
    SET_TARGET,
)
from .base import (
    Refused,
    _lock,
    _require_stage,
)


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
