"""Assessment cycles."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    AuditEvent,
    Cycle,
    Framework,
    Region,
)
from ..perms import (
    MANAGE_CYCLE,
)
from .base import (
    Refused,
)

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
