"""Deadlines of human tasks: the cycle's `<stage>_days`, counted from the moment the task was created.

Node names are the stage names (`self_assessment`, `city_review`, …), so the cycle's field for a
task is found from its node. Everything here is arithmetic on rows already loaded: lists and the
reminder run compute deadlines for thousands of tasks without a query each.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from assessment.models import Cycle, Stage

# Stages where the kelurahan or the city acts; the rest are the province's (who is told when late).
CITY_SIDE_STAGES = frozenset({Stage.SELF_ASSESSMENT, Stage.LURAH_SUBMIT, Stage.CITY_SCREENING, Stage.CITY_REVIEW,
                              Stage.CITY_DECISION})
PROVINCE_SIDE_STAGES = frozenset({Stage.PROVINCE_ASSIGNMENT, Stage.PROVINCE_EVALUATION, Stage.PROVINCE_DECISION})
DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Deadline:
    stage: str
    due: datetime
    now: datetime
    grace_days: int

    @property
    def is_overdue(self) -> bool:
        return self.now > self.due

    @property
    def days_overdue(self) -> int:
        """Whole days late; 1 from the moment the deadline has passed until two full days have."""
        if not self.is_overdue:
            return 0
        return max(1, math.floor((self.now - self.due).total_seconds() / DAY_SECONDS))

    @property
    def days_left(self) -> int:
        if self.is_overdue:
            return 0
        return math.floor((self.due - self.now).total_seconds() / DAY_SECONDS)

    @property
    def past_grace(self) -> bool:
        """Late by more than the cycle's grace days: the coordinator hears about it too."""
        return self.is_overdue and (self.now - self.due).total_seconds() > self.grace_days * DAY_SECONDS

    @property
    def is_province_side(self) -> bool:
        return self.stage in PROVINCE_SIDE_STAGES


def stage_of(task) -> str | None:
    node = task.flow_task
    name = getattr(node, "name", None)
    return name if name in CITY_SIDE_STAGES | PROVINCE_SIDE_STAGES else None


def deadline_of(task, cycle: Cycle, now: datetime | None = None) -> Deadline | None:
    """The deadline of an open human task, or None for a node without one."""
    stage = stage_of(task)
    if stage is None:
        return None
    due = cycle.deadline_for(stage, task.created)
    if due is None:
        return None
    return Deadline(stage=stage, due=due, now=now or timezone.now(), grace_days=cycle.reminder_grace_days)
