"""What a coordinator's dashboard counts besides coverage: the pipeline, overdue tasks, expiring designations.

Each figure is one query grouped by the code prefix of the child regions, like `assessment.coverage`,
so a province's dashboard costs the same as a city's.

- Pipeline: open *applications* by stage (a designated kelurahan re-applying is in the pipeline too).
- Overdue: an open human task whose deadline — the moment it was created plus the cycle's days for that
  stage — has passed.
- Expiring: active designations whose validity ends within six months (the daily run warns about them).
"""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Case, Count, DateTimeField, DurationField, ExpressionWrapper, F, IntegerField, Value, When
from django.db.models.functions import Substr

from assessment.models import OPEN_STAGES, Application, Designation, Stage

from .flows import AssessmentFlow
from .models import AssessmentTask
from .permissions import region_q
from .scoping import TASK_REGION

EXPIRY_WARNING_MONTHS = 6
CYCLE = "process__assessmentprocess__application__cycle__"
KELURAHAN_CODE = "process__assessmentprocess__application__kelurahan_id"


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_horizon(today: datetime.date) -> datetime.date:
    return months_after(today, EXPIRY_WARNING_MONTHS)


def _within(code: str | None, field: str):
    return region_q(None if code is None else [code], field)


# -- pipeline ------------------------------------------------------------------------------------

def pipeline_by_prefix(scope: str | None, length: int) -> dict[str, dict[str, int]]:
    """Open applications per child prefix and stage."""
    rows = (Application.objects.open().within(scope)
            .annotate(prefix=Substr("kelurahan_id", 1, length)).values("prefix", "stage")
            .annotate(applications=Count("pk")).order_by())
    grouped: dict[str, dict[str, int]] = {}
    for row in rows:
        grouped.setdefault(row["prefix"], dict.fromkeys(OPEN_STAGES, 0))[row["stage"]] = row["applications"]
    return grouped


def stage_totals(by_prefix: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """(stage, label, applications) for every open stage, summed over the children."""
    return [(stage, Stage(stage).label, sum(stages[stage] for stages in by_prefix.values()))
            for stage in OPEN_STAGES]


# -- overdue tasks -------------------------------------------------------------------------------

def _deadline_days():
    """The cycle's deadline for the task's stage; the human nodes are named after the stages they serve."""
    return Case(*[When(flow_task=getattr(AssessmentFlow, stage), then=F(f"{CYCLE}{stage}_days"))
                  for stage in OPEN_STAGES], output_field=IntegerField())


def open_human_tasks(scope: str | None):
    return (AssessmentTask.objects.open_human()
            .filter(_within(scope, TASK_REGION)))


def overdue_tasks(scope: str | None, now: datetime.datetime):
    """Open human tasks past their deadline, most overdue first, with `due` annotated."""
    one_day = Value(datetime.timedelta(days=1), output_field=DurationField())
    return (open_human_tasks(scope)
            .annotate(deadline_days=_deadline_days())
            .annotate(due=ExpressionWrapper(
                F("created") + ExpressionWrapper(F("deadline_days") * one_day, output_field=DurationField()),
                output_field=DateTimeField()))
            .filter(due__lt=now).order_by("due", "pk"))


def overdue_by_prefix(scope: str | None, length: int, now: datetime.datetime) -> dict[str, int]:
    rows = (overdue_tasks(scope, now).annotate(prefix=Substr(KELURAHAN_CODE, 1, length))
            .values("prefix").annotate(tasks=Count("pk")).order_by())
    return {row["prefix"]: row["tasks"] for row in rows}


# -- expiring designations -----------------------------------------------------------------------

def expiring_designations(scope: str | None, today: datetime.date):
    """Active designations that run out within six months, soonest first."""
    return (Designation.objects.active().within(scope).filter(valid_until__lte=expiry_horizon(today))
            .order_by("valid_until", "kelurahan_id"))


def expiring_by_prefix(scope: str | None, length: int, today: datetime.date) -> dict[str, int]:
    rows = (expiring_designations(scope, today).annotate(prefix=Substr("kelurahan_id", 1, length))
            .values("prefix").annotate(designations=Count("pk")).order_by())
    return {row["prefix"]: row["designations"] for row in rows}
