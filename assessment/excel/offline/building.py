"""Writing the offline self-assessment workbook of one application.

Sheets: Petunjuk (instructions), Penilaian (one row per indicator; only the level, narrative and
evidence-note cells are unlocked, the level is a drop-down), and two very hidden sheets: Tingkat (the
drop-down lists) and _krppa (the signed binding to the application, the framework version and the
answers as downloaded).
"""

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from assessment.models import Answer, Application, Indicator, RubricLevel

from ..cells import safe_cell
from ..writing import HEADER_FILL, HEADER_FONT, INTEGER, TOP, WRAP, Paragraph, new_workbook, write_instructions
from .layout import (
    ANSWERS_SHEET,
    BINDING_SHEET,
    EVIDENCE_NOTE_HEADING,
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    LEVELS_SHEET,
    Binding,
    BoundIndicator,
    Columns,
    answer_fingerprint,
    level_option,
    sheet_fingerprint,
    split_narrative,
    workbook_language,
)

INPUT_FILL = PatternFill("solid", fgColor="FFF4C2")  # the cells to fill in: pale yellow
UNLOCKED = Protection(locked=False)
WIDTHS = {"number": 6, "title": 38, "max_points": 10, "level": 28, "narrative": 60, "evidence_note": 40,
          "guide": 60}
ROW_HEIGHT = 120  # points: room for a few lines of narrative and the level guide


def workbook_filename(application: Application) -> str:
    return f"penilaian-mandiri-{application.kelurahan_id}-{application.cycle.year}.xlsx"


def _indicators(application: Application) -> list[Indicator]:
    return list(application.framework.indicators.order_by("number").prefetch_related(
        Prefetch("levels", queryset=RubricLevel.objects.order_by("points"))))


def _guide(indicator: Indicator) -> str:
    return "\n".join(f"{level_option(level)}: {level.descriptor_localized}"
                     for level in indicator.levels.all())


def _protect(worksheet) -> None:
    """Protection without a password: it keeps hands off the fixed cells, it is not a secret.

    Rows and columns may still be resized, so long narratives can be read.
    """
    worksheet.protection = SheetProtection(sheet=True, formatRows=False, formatColumns=False,
                                           selectLockedCells=False, selectUnlockedCells=False)


def _instructions(workbook: Workbook, application: Application, indicator_count: int) -> None:
    kelurahan = application.kelurahan
    kecamatan = kelurahan.parent
    headers = Columns.headers()
    facts = {
        "kelurahan": f"{kelurahan.name} ({kelurahan.code})",
        "kecamatan": kecamatan.name if kecamatan else "",
        "city": kecamatan.parent.name if kecamatan and kecamatan.parent else "",
        "cycle": str(application.cycle),
        "framework": _("%(name)s (version %(version)s)") % {"name": application.framework.name_localized,
                                                            "version": application.framework.version},
        "downloaded": date_format(timezone.localtime(), "DATETIME_FORMAT"),
    }
    paragraphs = [
        _("Kelurahan: %(kelurahan)s · Kecamatan: %(kecamatan)s · %(city)s") % facts,
        _("Cycle: %(cycle)s · Framework: %(framework)s") % facts,
        _("Downloaded on %(downloaded)s.") % facts,
        "",
        Paragraph(_("How to fill it in"), heading=True),
        _("1. Open sheet “%(sheet)s”: one row for each of the %(count)s indicators.")
        % {"sheet": ANSWERS_SHEET, "count": indicator_count},
        _("2. In column “%(level)s”, choose from the drop-down the level your kelurahan honestly meets. Column "
          "“%(guide)s” says what each level asks for.") % headers,
        _("3. In column “%(narrative)s”, explain why: what exists, since when, who is involved.") % headers,
        _("4. In column “%(evidence_note)s”, list the documents that prove it (decree numbers, minutes, "
          "attendance lists, photos). When the workbook is uploaded, this note is added to the narrative under "
          "the heading “%(heading)s”, so the reviewers read it. Upload the files themselves on the "
          "self-assessment page.") % {**headers, "heading": EVIDENCE_NOTE_HEADING},
        _("5. Only the yellow cells can be changed. Do not add, delete or move rows, and do not rename the "
          "sheets."),
        _("6. Save it as an Excel workbook (.xlsx) — not .xlsm, .xls or .csv — and upload it on the "
          "self-assessment page with “Upload workbook”."),
        "",
        Paragraph(_("What happens when you upload it"), heading=True),
        _("The whole workbook is checked first. If anything is wrong, nothing is saved and every problem is "
          "listed with its sheet and cell, e.g. “Sheet Penilaian, D3: …”."),
        _("Only the indicators you changed in the workbook are saved. If someone changed an indicator in the "
          "system after you downloaded this workbook, the system keeps that newer answer; if you changed the "
          "same indicator here too, the upload is refused and says which indicators — download a fresh "
          "workbook and copy your changes into it."),
        _("This workbook belongs to the application of %(kelurahan)s in this cycle only; it is refused for any "
          "other application.") % facts,
    ]
    write_instructions(workbook, title=INSTRUCTIONS_SHEET,
                       heading=_("KRPPA self-assessment — %(name)s") % {"name": kelurahan.name},
                       paragraphs=paragraphs)


def _answers_sheet(workbook: Workbook, indicators: list[Indicator], answers: dict[int, Answer]) -> list[BoundIndicator]:
    worksheet = workbook.create_sheet(title=ANSWERS_SHEET)
    headers = Columns.headers()
    for key in Columns.KEYS:
        worksheet.column_dimensions[Columns.letter(key)].width = WIDTHS[key]
    worksheet.freeze_panes = "C2"
    header_cells = []
    for key in Columns.KEYS:
        cell = safe_cell(worksheet, headers[key], font=HEADER_FONT, alignment=WRAP)
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    worksheet.append(header_cells)

    validation_error = _("Choose one of the levels in the list.")
    bound = []
    for row, indicator in enumerate(indicators, start=FIRST_ROW):
        answer = answers.get(indicator.pk)
        level = next((level for level in indicator.levels.all() if answer and level.pk == answer.level_id), None)
        level_text = level_option(level) if level else ""
        narrative, note = split_narrative(answer.narrative if answer else "")
        worksheet.row_dimensions[row].height = ROW_HEIGHT
        cells = {
            "number": safe_cell(worksheet, indicator.number, number_format=INTEGER, alignment=TOP),
            "title": safe_cell(worksheet, indicator.title_localized, alignment=WRAP),
            "max_points": safe_cell(worksheet, indicator.max_points, number_format=INTEGER, alignment=TOP),
            "level": safe_cell(worksheet, level_text, alignment=WRAP),
            "narrative": safe_cell(worksheet, narrative, alignment=WRAP),
            "evidence_note": safe_cell(worksheet, note, alignment=WRAP),
            "guide": safe_cell(worksheet, _guide(indicator), alignment=WRAP),
        }
        for key in Columns.INPUTS:
            cells[key].protection = UNLOCKED
            cells[key].fill = INPUT_FILL
        worksheet.append([cells[key] for key in Columns.KEYS])

        # Sheet Tingkat holds this indicator's options on the same row number, from column B.
        last_option = chr(ord("A") + len(indicator.levels.all()))
        validation = DataValidation(
            type="list", formula1=f"'{LEVELS_SHEET}'!$B${row}:${last_option}${row}",
            allow_blank=True, showDropDown=False, showErrorMessage=True, errorStyle="stop",
            errorTitle=headers["level"], error=validation_error,
        )
        validation.add(f"{Columns.letter('level')}{row}")
        worksheet.data_validations.append(validation)
        bound.append(BoundIndicator(
            pk=indicator.pk, number=indicator.number,
            answer_fingerprint=answer_fingerprint(answer.level_id, answer.narrative, answer.updated_at)
            if answer else answer_fingerprint(None, "", None),
            sheet_fingerprint=sheet_fingerprint(level_text, narrative, note),
        ))
    _protect(worksheet)
    return bound


def _levels_sheet(workbook: Workbook, indicators: list[Indicator]) -> None:
    """Row by row like Penilaian: the indicator's number, then its level options (the drop-down's source)."""
    worksheet = workbook.create_sheet(title=LEVELS_SHEET)
    worksheet.sheet_state = "veryHidden"
    worksheet.append([safe_cell(worksheet, _("No.")), safe_cell(worksheet, _("Levels"))])
    for indicator in indicators:
        worksheet.append([safe_cell(worksheet, indicator.number),
                          *[safe_cell(worksheet, level_option(level))
                            for level in indicator.levels.all()]])
    _protect(worksheet)


def _binding_sheet(workbook: Workbook, application: Application, bound: list[BoundIndicator]) -> None:
    binding = Binding(
        application_id=application.pk, kelurahan_code=application.kelurahan_id,
        framework_id=application.framework.pk, framework_version=application.framework.version,
        downloaded_at=timezone.now().isoformat(), indicators=tuple(bound),
    )
    worksheet = workbook.create_sheet(title=BINDING_SHEET)
    worksheet.sheet_state = "veryHidden"
    worksheet.column_dimensions["A"].width = 16
    worksheet.column_dimensions["B"].width = 80
    # Readable for whoever supports the users; only the signed token is trusted when reading it back.
    for key, value in [
        ("application", application.pk), ("kelurahan", application.kelurahan_id),
        ("framework", f"{application.framework.slug} v{application.framework.version}"),
        ("downloaded", binding.downloaded_at), ("token", binding.sign()),
    ]:
        worksheet.append([safe_cell(worksheet, key), safe_cell(worksheet, value)])
    _protect(worksheet)


def build_offline_workbook(application: Application) -> Workbook:
    """The write-only workbook of `application`'s current answers, in Indonesian whatever the page's language."""
    application = (Application.objects.select_related("kelurahan__parent__parent", "cycle__framework")
                   .get(pk=application.pk))
    indicators = _indicators(application)
    answers = {answer.indicator_id: answer for answer in Answer.objects.filter(application=application)}
    workbook = new_workbook()
    with translation.override(workbook_language()):
        _instructions(workbook, application, len(indicators))
        bound = _answers_sheet(workbook, indicators, answers)
        _levels_sheet(workbook, indicators)
        _binding_sheet(workbook, application, bound)
    return workbook
