"""The recap workbook (rekapitulasi) of a region: instructions, a summary, one row per application."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from assessment.models import Phase, Region, Stage

from ..writing import (
    DATE,
    INTEGER,
    MEAN_POINTS,
    Column,
    Paragraph,
    TableSheet,
    new_workbook,
    points_value,
    write_instructions,
)
from .rows import CHUNK_SIZE, RecapContext, applications, recap_rows
from .summary import OPEN_PHASES, summary_rows, total_row

PERCENT = "0.0%"


def _applications() -> str:
    # Not the Viewflow menu's "Applications" (software), which the project catalog translates as "Aplikasi".
    return pgettext("kelurahan applications", "Applications")


def recap_filename(region: Region, year: int | None) -> str:
    return f"rekap-krppa-{region.code}-{year or 'semua'}.xlsx"


def _stage_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Stage.choices}


def _instructions(workbook: Workbook, region: Region, year: int | None, count: int) -> None:
    write_instructions(workbook, title=_("Instructions"), heading=_("KRPPA recap — %(region)s") % {
        "region": region.name}, paragraphs=[
        _("Region: %(region)s (%(code)s) · Cycle: %(cycle)s · Applications: %(count)s")
        % {"region": region.name, "code": region.code, "cycle": year or _("all cycles"), "count": count},
        _("Made on %(date)s from the KRPPA system; figures change as applications move on.")
        % {"date": date_format(timezone.localtime(), "DATETIME_FORMAT")},
        "",
        Paragraph(_("Sheets"), heading=True),
        _("“%(summary)s”: per region one level down, the kelurahan, the applications by phase, the designations "
          "of the cycle and the kelurahan that are KRPPA today (coverage).") % {"summary": _("Summary")},
        _("“%(applications)s”: one row per application with its stage, the days in that stage, whether the stage's "
          "deadline has passed, and the points per indicator.") % {"applications": _applications()},
        "",
        Paragraph(_("How the figures are made"), heading=True),
        _("Self: the points of the levels the kelurahan claims. City and Province: the mean of the submitted scores "
          "of the latest review panel of that stage. A total is given only when every indicator has a score."),
        _("Overdue: the stage's deadline in days, set by the cycle, counted from the day the application entered "
          "the stage. Closed applications have no deadline."),
        _("Category: the category decreed for designated kelurahan; otherwise the band of the province's total."),
    ])


def _summary_sheet(workbook: Workbook, region: Region, year: int | None) -> None:
    phases = dict(Phase.choices)
    sheet = TableSheet(workbook, title=_("Summary"), columns=[
        Column(_("Code"), width=12),
        Column(_("Region"), width=28),
        Column(_("Kelurahan"), width=11, number_format=INTEGER),
        Column(_applications(), width=12, number_format=INTEGER),
        *[Column(_("In phase: %(phase)s") % {"phase": phases[phase]}, width=12, number_format=INTEGER)
          for phase in OPEN_PHASES],
        Column(_("Designated"), width=12, number_format=INTEGER),
        Column(_("Closed otherwise"), width=12, number_format=INTEGER),
        Column(_("KRPPA today"), width=12, number_format=INTEGER),
        Column(_("Coverage"), width=11, number_format=PERCENT),
    ])
    rows = summary_rows(region, year)
    for row in [*rows, total_row(rows, _("Total"))]:
        sheet.append([row.code, row.name, row.kelurahan, row.applications,
                      *[row.by_phase.get(phase, 0) for phase in OPEN_PHASES],
                      row.designated, row.closed_otherwise, row.active_designations, row.coverage])
    sheet.close()


def _application_columns(numbers: list[int]) -> list[Column]:
    def per_indicator(source: str, number_format: str) -> list[Column]:
        return [Column(f"{source} {number}", width=9, number_format=number_format) for number in numbers] + [
            Column(_("%(source)s total") % {"source": source}, width=11, number_format=number_format)]

    return [
        Column(_("Kelurahan code"), width=15),
        Column(_("Kelurahan"), width=22),
        Column(_("Kecamatan"), width=20),
        Column(_("City/regency"), width=22),
        Column(_("Cycle"), width=8, number_format=INTEGER),
        Column(_("Stage"), width=22),
        Column(_("In this stage since"), width=12, number_format=DATE),
        Column(_("Days in stage"), width=9, number_format=INTEGER),
        Column(_("Deadline"), width=12, number_format=DATE),
        Column(_("Overdue"), width=9),
        *per_indicator(_("Self"), INTEGER),
        *per_indicator(_("City"), MEAN_POINTS),
        *per_indicator(_("Province"), MEAN_POINTS),
        Column(_("Category"), width=12),
    ]


def _application_sheet(workbook: Workbook, queryset, context: RecapContext, chunk_size: int) -> int:
    numbers = context.indicator_numbers
    sheet = TableSheet(workbook, title=_applications(), columns=_application_columns(numbers))
    stages = _stage_labels()
    yes, no = _("yes"), _("no")
    for row in recap_rows(queryset, context, chunk_size=chunk_size):
        by_number = {gap_row.number: gap_row for gap_row in row.gap.rows}

        def column(attribute, by_number=by_number):
            return [points_value(getattr(by_number[number], attribute)) if number in by_number else None
                    for number in numbers]

        sheet.append([
            row.kelurahan_code, row.kelurahan, row.kecamatan, row.city, row.year, stages.get(row.stage, row.stage),
            timezone.localtime(row.stage_entered_at).date(), row.days_in_stage,
            timezone.localtime(row.deadline).date() if row.deadline else None,
            "" if row.overdue is None else (yes if row.overdue else no),
            *column("self_points"), points_value(row.gap.self_total),
            *column("city_points"), points_value(row.gap.city_total),
            *column("province_points"), points_value(row.gap.province_total),
            row.category,
        ])
    sheet.close()
    return sheet.rows_written - 1


def build_recap(region: Region, year: int | None = None, *, chunk_size: int = CHUNK_SIZE) -> Workbook:
    """The recap of every application of kelurahan in `region` (in cycle `year`, or all), streamed."""
    queryset = applications(region.code, year)
    context = RecapContext.of(queryset)
    workbook = new_workbook()
    _instructions(workbook, region, year, queryset.count())
    _summary_sheet(workbook, region, year)
    _application_sheet(workbook, queryset, context, chunk_size)
    return workbook
