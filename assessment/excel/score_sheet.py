"""One application's score sheet: the gap report with a native Excel chart, the reviewers' comments and
the coordinators' decisions.

The figures are those of the application page (submitted reviews of the latest panel of each stage,
consolidated by `scoring`). Stages in `withheld` are left out entirely — a panel member who has not
submitted yet must not read the others' scores or comments.
"""

from collections.abc import Collection

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from assessment import scoring
from assessment.models import Answer, Application, Decision, Designation, ReviewStage
from assessment.scorecard import framework_spec, review_choices, submitted_panel

from .writing import DATE, INTEGER, MEAN_POINTS, Column, TableSheet, new_workbook, points_value

STAGES = (ReviewStage.CITY, ReviewStage.PROVINCE)


def score_sheet_filename(application: Application) -> str:
    return f"skor-{application.kelurahan_id}-{application.cycle.year}.xlsx"


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _summary_sheet(workbook: Workbook, application: Application, gap: scoring.GapReport,
                   category: str, designation: Designation | None) -> None:
    kecamatan = application.kelurahan.parent
    sheet = TableSheet(workbook, title=_("Summary"), autofilter=False, freeze_header=False, columns=[
        Column(_("Item"), width=28), Column(_("Value"), width=60, wrap=True)])
    facts = [
        (_("Kelurahan"), f"{application.kelurahan.name} ({application.kelurahan_id})"),
        (_("Kecamatan"), kecamatan.name if kecamatan else ""),
        (_("City/regency"), kecamatan.parent.name if kecamatan and kecamatan.parent else ""),
        (_("Cycle"), str(application.cycle)),
        (_("Framework"), f"{application.framework.name_localized} (v{application.framework.version})"),
        (_("Stage"), application.get_stage_display()),
        (_("Self total"), points_value(gap.self_total)),
        (_("City total"), points_value(gap.city_total)),
        (_("Province total"), points_value(gap.province_total)),
        (_("Category"), category),
    ]
    if designation is not None:
        facts += [
            (_("Decree (SK) number"), designation.sk_number),
            (_("Decree (SK) date"), designation.sk_date),
            (_("Valid until"), designation.valid_until),
        ]
    facts.append((_("Made on"), date_format(timezone.localtime(), "DATETIME_FORMAT")))
    for label, value in facts:
        sheet.append([label, "" if value is None else value])
    sheet.close()


def _scores_sheet(workbook: Workbook, spec: scoring.FrameworkSpec, gap: scoring.GapReport, self_levels: dict,
                  consolidated: dict[str, dict]) -> None:
    sheet = TableSheet(workbook, title=_("Scores"), columns=[
        Column(_("No."), width=6, number_format=INTEGER),
        Column(_("Indicator"), width=40, wrap=True),
        Column(_("Maximum points"), width=10, number_format=INTEGER),
        Column(_("Level claimed"), width=20, wrap=True),
        Column(_("Self"), width=10, number_format=INTEGER),
        Column(_("City"), width=10, number_format=MEAN_POINTS),
        Column(_("Province"), width=10, number_format=MEAN_POINTS),
        Column(_("Gap"), width=10, number_format=MEAN_POINTS),
        Column(_("Reviewers differ"), width=24, wrap=True),
    ])
    for row in gap.rows:
        indicator = spec.indicator(row.number)
        claimed = self_levels.get(row.number)
        differ = [label for stage, label in ((ReviewStage.CITY, _("City")), (ReviewStage.PROVINCE, _("Province")))
                  if row.number in consolidated[stage] and consolidated[stage][row.number].disagreement]
        sheet.append([row.number, row.title, row.max_points,
                      indicator.level(claimed).label if claimed is not None else "",
                      row.self_points, points_value(row.city_points), points_value(row.province_points),
                      points_value(row.gap), ", ".join(differ)])
    sheet.append([None, _("Total"), sum(indicator.max_points for indicator in spec.indicators), "",
                  points_value(gap.self_total), points_value(gap.city_total), points_value(gap.province_total),
                  None, ""])
    sheet.close()
    _chart(sheet, len(gap.rows))


def _chart(sheet: TableSheet, count: int) -> None:
    """A clustered column chart of the indicators' maximum, self, city and province points."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _("Points per indicator")
    chart.y_axis.title = _("Points")
    chart.x_axis.title = _("Indicator")
    # openpyxl marks axes as deleted unless told otherwise; Excel then draws the chart without them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 26, 13
    worksheet = sheet.worksheet
    for column in (3, 5, 6, 7):  # maximum, self, city, province
        chart.add_data(Reference(worksheet, min_col=column, min_row=1, max_row=count + 1), titles_from_data=True)
    chart.set_categories(Reference(worksheet, min_col=1, min_row=2, max_row=count + 1))
    worksheet.add_chart(chart, "K2")


def _comments_sheet(workbook: Workbook, spec: scoring.FrameworkSpec, panels: dict[str, list]) -> None:
    stages = dict(ReviewStage.choices)
    sheet = TableSheet(workbook, title=_("Comments"), columns=[
        Column(_("Stage"), width=20),
        Column(_("Reviewer"), width=22),
        Column(_("No."), width=6, number_format=INTEGER),
        Column(_("Indicator"), width=36, wrap=True),
        Column(_("Level"), width=18),
        Column(_("Points"), width=8, number_format=INTEGER),
        Column(_("Comment"), width=70, wrap=True),
    ])
    for stage in STAGES:
        for review in panels[stage]:
            reviewer = _name(review.reviewer)
            for score in sorted(review.scores.all(), key=lambda score: score.indicator.number):
                level = spec.indicator(score.indicator.number).level(score.level_id)
                sheet.append([stages[stage], reviewer, score.indicator.number, score.indicator.title_localized,
                              level.label, level.points, score.comment])
            overall = [text for text in (
                review.get_recommendation_display() and _("Recommendation: %(value)s") % {
                    "value": review.get_recommendation_display()},
                review.comment,
                review.field_findings and _("Field-verification findings: %(text)s") % {"text": review.field_findings},
            ) if text]
            if overall:
                sheet.append([stages[stage], reviewer, None, _("Overall"), "", None, "\n\n".join(overall)])
    sheet.close()


def _decisions_sheet(workbook: Workbook, application: Application) -> None:
    sheet = TableSheet(workbook, title=_("Decisions"), columns=[
        Column(_("Date"), width=12, number_format=DATE),
        Column(_("Stage"), width=20),
        Column(_("Decision"), width=28),
        Column(_("Decided by"), width=22),
        Column(_("Category"), width=12),
        Column(_("Score"), width=9, number_format=MEAN_POINTS),
        Column(_("Note"), width=70, wrap=True),
    ])
    decisions = Decision.objects.filter(application=application).select_related("decided_by", "category")
    for decision in decisions.order_by("decided_at", "pk"):
        sheet.append([timezone.localtime(decision.decided_at).date(), decision.get_stage_display(),
                      decision.get_outcome_display(), _name(decision.decided_by),
                      decision.category.name if decision.category_id else "", points_value(decision.score),
                      "\n\n".join(text for text in (decision.note, decision.override_reason) if text)])
    sheet.close()


def build_score_sheet(application: Application, *, withheld: Collection[str] = ()) -> Workbook:
    """The score sheet of `application`; stages in `withheld` show no scores and no comments."""
    spec = framework_spec(application.framework)
    self_levels = dict(Answer.objects.filter(application=application, level__isnull=False)
                       .values_list("indicator__number", "level_id"))
    panels = {stage: [] if stage in withheld else submitted_panel(application, stage) for stage in STAGES}
    choices = {stage: [review_choices(review) for review in panels[stage]] for stage in STAGES}
    gap = scoring.gap_report(spec, self_levels, choices[ReviewStage.CITY], choices[ReviewStage.PROVINCE])
    consolidated = {stage: scoring.consolidate(spec, choices[stage]) for stage in STAGES}
    designation = Designation.objects.filter(application=application).select_related("category").first()
    if designation is not None:
        category = designation.category.name
    else:
        found = scoring.category_for(gap.province_total, spec.categories) if gap.province_total is not None else None
        category = found.name if found else ""

    workbook = new_workbook()
    _summary_sheet(workbook, application, gap, category, designation)
    _scores_sheet(workbook, spec, gap, self_levels, consolidated)
    _comments_sheet(workbook, spec, panels)
    _decisions_sheet(workbook, application)
    return workbook
