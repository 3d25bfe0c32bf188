"""The recap's rows: one per application, read from the database in chunks.

The applications come from one streamed query; each chunk of them costs a fixed number of further
queries (answers, reviews, scores, designations — all with `values_list`, never per row), so both
the query count per chunk and the memory stay flat however many applications there are. The points
come from the same pure scoring as the application page (`scoring.gap_report`).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.utils import timezone

from assessment import scoring
from assessment.models import Answer, Application, Cycle, Designation, Framework, Review, ReviewScore, ReviewStage
from assessment.scorecard import framework_spec

CHUNK_SIZE = 500

APPLICATION_FIELDS = ("pk", "kelurahan_id", "kelurahan__name", "kelurahan__parent__name",
                      "kelurahan__parent__parent__name", "cycle_id", "stage", "stage_entered_at")


@dataclass(frozen=True)
class RecapRow:
    kelurahan_code: str
    kelurahan: str
    kecamatan: str
    city: str
    year: int
    stage: str
    stage_entered_at: datetime
    days_in_stage: int
    deadline: datetime | None
    overdue: bool | None  # None where the stage has no deadline (closed applications)
    gap: scoring.GapReport
    category: str


def applications(region_code: str, year: int | None = None):
    queryset = Application.objects.within(region_code)
    if year is not None:
        queryset = queryset.filter(cycle__year=year)
    return queryset


@dataclass(frozen=True)
class RecapContext:
    """What every row needs and is the same for many rows: the cycles and their frameworks as specs."""

    cycles: dict[int, Cycle]
    specs: dict[int, scoring.FrameworkSpec]

    @classmethod
    def of(cls, queryset) -> "RecapContext":
        cycles = {cycle.pk: cycle for cycle in Cycle.objects.filter(pk__in=queryset.values("cycle_id"))}
        frameworks = Framework.objects.filter(pk__in={cycle.framework_id for cycle in cycles.values()})
        return cls(cycles=cycles, specs={framework.pk: framework_spec(framework) for framework in frameworks})

    @property
    def indicator_numbers(self) -> list[int]:
        return sorted({indicator.number for spec in self.specs.values() for indicator in spec.indicators})


def chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _self_choices(ids: list[int]) -> dict[int, dict[int, int]]:
    choices = defaultdict(dict)
    for application_id, number, level_id in (Answer.objects.filter(application_id__in=ids, level__isnull=False)
                                             .values_list("application_id", "indicator__number", "level_id")):
        choices[application_id][number] = level_id
    return choices


def _panels(ids: list[int]) -> dict[tuple[int, str], list[dict[int, int]]]:
    """(application, stage) -> the choices of each submitted review of the latest round (as `panel_summary`)."""
    reviews = list(Review.objects.filter(application_id__in=ids)
                   .values_list("pk", "application_id", "stage", "round", "submitted_at"))
    latest = {}
    for _pk, application_id, stage, round_number, _submitted in reviews:
        key = (application_id, stage)
        latest[key] = max(latest.get(key, 0), round_number)
    current = {pk: (application_id, stage) for pk, application_id, stage, round_number, submitted in reviews
               if submitted is not None and round_number == latest[(application_id, stage)]}
    choices = defaultdict(dict)
    for review_id, number, level_id in (ReviewScore.objects.filter(review_id__in=current)
                                        .values_list("review_id", "indicator__number", "level_id")):
        choices[review_id][number] = level_id
    panels = defaultdict(list)
    for review_id, key in sorted(current.items()):
        panels[key].append(choices.get(review_id, {}))
    return panels


def _designated(ids: list[int]) -> dict[int, str]:
    return dict(Designation.objects.filter(application_id__in=ids).values_list("application_id", "category__name"))


def _row(values: dict, context: RecapContext, self_choices, panels, designated, now) -> RecapRow:
    cycle = context.cycles[values["cycle_id"]]
    spec = context.specs[cycle.framework_id]
    pk = values["pk"]
    gap = scoring.gap_report(spec, self_choices.get(pk, {}), panels.get((pk, ReviewStage.CITY), []),
                             panels.get((pk, ReviewStage.PROVINCE), []))
    category = designated.get(pk)
    if category is None and gap.province_total is not None:
        found = scoring.category_for(gap.province_total, spec.categories)
        category = found.name if found else ""
    entered = values["stage_entered_at"]
    deadline = cycle.deadline_for(values["stage"], entered)
    return RecapRow(
        kelurahan_code=values["kelurahan_id"], kelurahan=values["kelurahan__name"],
        kecamatan=values["kelurahan__parent__name"] or "", city=values["kelurahan__parent__parent__name"] or "",
        year=cycle.year, stage=values["stage"], stage_entered_at=entered,
        days_in_stage=max((now - entered).days, 0), deadline=deadline,
        overdue=None if deadline is None else now > deadline, gap=gap, category=category or "",
    )


def recap_rows(queryset, context: RecapContext, *, now: datetime | None = None,
               chunk_size: int = CHUNK_SIZE) -> Iterator[RecapRow]:
    """The rows of `queryset`'s applications, by kelurahan code then year."""
    now = now or timezone.now()
    ordered = (queryset.order_by("kelurahan_id", "cycle__year", "pk").values(*APPLICATION_FIELDS)
               .iterator(chunk_size=chunk_size))
    for chunk in chunks(ordered, chunk_size):
        ids = [values["pk"] for values in chunk]
        self_choices, panels, designated = _self_choices(ids), _panels(ids), _designated(ids)
        for values in chunk:
            yield _row(values, context, self_choices, panels, designated, now)

