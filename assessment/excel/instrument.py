"""The blank instrument: a published criteria framework as a workbook anyone can download.

Read from the Framework rows themselves, so the workbook says exactly what reviewers score with.
Texts follow the active language (Indonesian by default, English where it exists).
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessment.models import Framework, Indicator, RubricLevel

from .writing import INTEGER, Column, Paragraph, TableSheet, new_workbook, write_instructions


def instrument_filename(framework: Framework) -> str:
    return f"instrumen-{framework.slug}.xlsx"


def _indicators(framework: Framework) -> list[Indicator]:
    return list(
        framework.indicators.order_by("number").prefetch_related(
            Prefetch("levels", queryset=RubricLevel.objects.order_by("points")),
            "evidence_requirements",
        )
    )


def _level_text(level: RubricLevel) -> str:
    heading = _("%(label)s — %(points)s points") % {"label": level.label_localized, "points": level.points}
    return f"{heading}\n{level.descriptor_localized}"


def _requirement_status(required: bool) -> str:
    return _("required") if required else _("optional")


def _evidence_text(indicator: Indicator) -> str:
    lines = []
    for requirement in indicator.evidence_requirements.all():
        lines.append(f"• {requirement.title_localized} ({_requirement_status(requirement.required)})")
        if requirement.description_localized:
            lines.append(f"  {requirement.description_localized}")
    return "\n".join(lines)


def _instructions(workbook: Workbook, framework: Framework, indicators: list[Indicator]) -> None:
    sheet_names = {"indicators": _("Indicators"), "rubric": _("Rubric"), "evidence": _("Evidence"),
                   "categories": _("Categories")}
    paragraphs = [
        framework.introduction_localized,
        "",
        Paragraph(_("About this workbook"), heading=True),
        _("This is the published criteria framework “%(name)s” (version %(version)s, %(year)s): "
          "%(count)s indicators worth %(total)s points in all.")
        % {"name": framework.name_localized, "version": framework.version, "year": framework.year,
           "count": len(indicators), "total": framework.total_points},
        _("Sheet “%(sheet)s” lists every indicator with its maximum points, its rubric levels — the points "
          "each level gives and what a kelurahan at that level shows — and the evidence to prepare.")
        % {"sheet": sheet_names["indicators"]},
        _("Sheets “%(rubric)s” and “%(evidence)s” give the same levels and documents one per row, for sorting "
          "and filtering; sheet “%(categories)s” gives the designation categories and their score bands.")
        % sheet_names,
        "",
        Paragraph(_("How to use it"), heading=True),
        _("1. Read each indicator with the lurah, community leaders and volunteers, and agree which level the "
          "kelurahan honestly meets today."),
        _("2. Collect the evidence listed for that level: decrees, minutes, attendance lists, photos, data."),
        _("3. Fill in the self-assessment in the KRPPA system: choose the level for each indicator, explain it "
          "in a short narrative and upload the evidence."),
        _("4. The city's DP3A checks and scores the application; the province's DP3A evaluates it, verifies it "
          "in the field and decides the designation."),
        "",
        Paragraph(_("Scoring"), heading=True),
        framework.scoring_note_localized,
        "",
        _("Made on %(date)s from the criteria published in the KRPPA system.")
        % {"date": date_format(timezone.localdate(), "DATE_FORMAT")},
    ]
    write_instructions(workbook, title=_("Instructions"),
                       heading=_("Instrument %(name)s") % {"name": framework.name_localized},
                       paragraphs=paragraphs)


def _indicator_sheet(workbook: Workbook, indicators: list[Indicator]) -> None:
    level_count = max((len(indicator.levels.all()) for indicator in indicators), default=0)
    columns = [
        Column(_("No."), width=6, number_format=INTEGER),
        Column(_("Indicator"), width=32, wrap=True),
        Column(_("Description"), width=50, wrap=True),
        Column(_("Maximum points"), width=10, number_format=INTEGER),
        *[Column(_("Level %(n)s") % {"n": n}, width=34, wrap=True) for n in range(1, level_count + 1)],
        Column(_("Evidence to prepare"), width=55, wrap=True),
    ]
    sheet = TableSheet(workbook, title=_("Indicators"), columns=columns)
    for indicator in indicators:
        levels = [_level_text(level) for level in indicator.levels.all()]
        levels += [None] * (level_count - len(levels))
        sheet.append([indicator.number, indicator.title_localized, indicator.description_localized,
                      indicator.max_points, *levels, _evidence_text(indicator)])
    sheet.close()


def _rubric_sheet(workbook: Workbook, indicators: list[Indicator]) -> None:
    sheet = TableSheet(workbook, title=_("Rubric"), columns=[
        Column(_("No."), width=6, number_format=INTEGER),
        Column(_("Indicator"), width=32, wrap=True),
        Column(_("Level"), width=18),
        Column(_("Points"), width=8, number_format=INTEGER),
        Column(_("What the kelurahan shows"), width=80, wrap=True),
    ])
    for indicator in indicators:
        for level in indicator.levels.all():
            sheet.append([indicator.number, indicator.title_localized, level.label_localized, level.points,
                          level.descriptor_localized])
    sheet.close()


def _evidence_sheet(workbook: Workbook, indicators: list[Indicator]) -> None:
    sheet = TableSheet(workbook, title=_("Evidence"), columns=[
        Column(_("No."), width=6, number_format=INTEGER),
        Column(_("Indicator"), width=32, wrap=True),
        Column(_("Evidence"), width=60, wrap=True),
        Column(_("Required"), width=10),
        Column(_("Notes"), width=50, wrap=True),
    ])
    for indicator in indicators:
        for requirement in indicator.evidence_requirements.all():
            sheet.append([indicator.number, indicator.title_localized, requirement.title_localized,
                          _("yes") if requirement.required else _("no"), requirement.description_localized])
    sheet.close()


def _category_sheet(workbook: Workbook, framework: Framework) -> None:
    sheet = TableSheet(workbook, title=_("Categories"), columns=[
        Column(_("Category"), width=24),
        Column(_("Minimum points"), width=12, number_format=INTEGER),
        Column(_("Maximum points"), width=12, number_format=INTEGER),
        Column(_("Description"), width=70, wrap=True),
    ])
    for category in framework.categories.order_by("min_points"):
        sheet.append([category.name_localized, category.min_points, category.max_points,
                      category.description_localized])
    sheet.close()


def build_instrument(framework: Framework) -> Workbook:
    """The framework as a write-only workbook, ready to save: instructions, indicators, rubric,
    evidence and categories."""
    indicators = _indicators(framework)
    workbook = new_workbook()
    _instructions(workbook, framework, indicators)
    _indicator_sheet(workbook, indicators)
    _rubric_sheet(workbook, indicators)
    _evidence_sheet(workbook, indicators)
    _category_sheet(workbook, framework)
    return workbook
