"""The recap's summary: per region one level down (a province's cities, a city's kecamatan, …).

Three grouped queries whatever the size: kelurahan per child region, applications per child region
and stage, active designations per child region. The group is the code's prefix, since the dotted
Kemendagri code holds the hierarchy.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from assessment.models import PHASE_OF_STAGE, Application, Designation, Level, Phase, Region, Stage

CODE_LENGTH = {Level.PROVINCE: 2, Level.CITY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}


@dataclass
class SummaryRow:
    code: str
    name: str
    kelurahan: int = 0
    applications: int = 0
    by_phase: dict[str, int] = field(default_factory=dict)
    designated: int = 0  # applications of the cycle(s) that ended in a designation
    closed_otherwise: int = 0
    active_designations: int = 0  # kelurahan that are KRPPA today

    @property
    def coverage(self) -> float | None:
        return self.active_designations / self.kelurahan if self.kelurahan else None

    def add(self, other: "SummaryRow") -> None:
        self.kelurahan += other.kelurahan
        self.applications += other.applications
        for phase, count in other.by_phase.items():
            self.by_phase[phase] = self.by_phase.get(phase, 0) + count
        self.designated += other.designated
        self.closed_otherwise += other.closed_otherwise
        self.active_designations += other.active_designations


OPEN_PHASES = [Phase.SELF_ASSESSMENT, Phase.CITY, Phase.PROVINCE]


def summary_rows(region: Region, year: int | None = None) -> list[SummaryRow]:
    """One row per region one level below `region` (or `region` itself for a kelurahan)."""
    level = min(region.level + 1, Level.VILLAGE)
    length = CODE_LENGTH[level]
    rows = {code: SummaryRow(code, name) for code, name in
            Region.objects.within(region.code).filter(level=level).order_by("code").values_list("code", "name")}

    kelurahan = (Region.objects.within(region.code).kelurahan().annotate(group=Substr("code", 1, length))
                 .values("group").annotate(count=Count("pk")).values_list("group", "count"))
    for group, count in kelurahan:
        if group in rows:
            rows[group].kelurahan = count

    applications = Application.objects.within(region.code)
    if year is not None:
        applications = applications.filter(cycle__year=year)
    stages = (applications.annotate(group=Substr("kelurahan_id", 1, length)).values("group", "stage")
              .annotate(count=Count("pk")).values_list("group", "stage", "count"))
    for group, stage, count in stages:
        row = rows.get(group)
        if row is None:
            continue
        row.applications += count
        phase = PHASE_OF_STAGE[stage]
        if phase in OPEN_PHASES:
            row.by_phase[phase] = row.by_phase.get(phase, 0) + count
        elif stage == Stage.DESIGNATED:
            row.designated += count
        else:
            row.closed_otherwise += count

    active = (Designation.objects.active().within(region.code).annotate(group=Substr("kelurahan_id", 1, length))
              .values("group").annotate(count=Count("pk")).values_list("group", "count"))
    for group, count in active:
        if group in rows:
            rows[group].active_designations = count
    return list(rows.values())


def total_row(rows: list[SummaryRow], name: str) -> SummaryRow:
    total = SummaryRow("", name)
    for row in rows:
        total.add(row)
    return total
