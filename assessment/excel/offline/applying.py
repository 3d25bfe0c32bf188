"""Step two of taking an offline workbook back: checked answers are saved in one transaction.

Only the indicators edited in the workbook are saved. An indicator whose answer changed in the system
since the download keeps that newer answer when the workbook left it alone, and refuses the whole
upload when the workbook changed it too (a conflict: someone must choose).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessment.actions import AnswerInput, Refused, save_answers
from assessment.models import Answer, Application, RubricLevel, Stage
from assessment.perms import FILL_SELF_ASSESSMENT

from .layout import answer_fingerprint
from .parsing import ParsedWorkbook


@dataclass(frozen=True)
class LevelShown:
    label: str
    points: int


@dataclass(frozen=True)
class AnswerChange:
    number: int
    title: str
    old_level: LevelShown | None
    new_level: LevelShown | None
    narrative_changed: bool

    @property
    def level_changed(self) -> bool:
        return self.old_level != self.new_level


@dataclass(frozen=True)
class KeptAnswer:
    """An indicator left alone in the workbook whose newer answer in the system was kept."""

    number: int
    title: str


@dataclass(frozen=True)
class WorkbookResult:
    changes: list[AnswerChange] = field(default_factory=list)
    kept: list[KeptAnswer] = field(default_factory=list)
    unchanged: int = 0


def _level(levels: dict[int, RubricLevel], level_id: int | None) -> LevelShown | None:
    level = levels.get(level_id)
    return LevelShown(level.label_localized, level.points) if level else None


def _who_and_when(answer: Answer) -> str:
    who = (answer.updated_by.get_full_name() or answer.updated_by.username) if answer.updated_by else _("someone")
    return _("changed in the system by %(who)s on %(when)s") % {
        "who": who, "when": date_format(timezone.localtime(answer.updated_at), "DATETIME_FORMAT")}


@transaction.atomic
def apply_offline_workbook(*, application: Application, parsed: ParsedWorkbook, by) -> WorkbookResult:
    """Save the edited answers of a fully valid workbook through `save_answers`; raises `Refused`."""
    if not parsed.ok:
        raise Refused(_("The workbook has problems; nothing was saved."), details=[str(e) for e in parsed.errors])
    # The same row lock as save_answers: nobody changes these answers between the check and the save.
    application = Application.objects.select_for_update().select_related("kelurahan").get(pk=application.pk)
    if application.stage != Stage.SELF_ASSESSMENT:
        raise Refused(_("This application is at “%(stage)s”: answers can only be uploaded during the "
                        "self-assessment.") % {"stage": application.get_stage_display()})
    if by is not None and not by.has_perm(FILL_SELF_ASSESSMENT, application):
        raise Refused(_("You may not fill in the self-assessment of %(kelurahan)s.")
                      % {"kelurahan": application.kelurahan.name})
    current = {answer.indicator_id: answer for answer in Answer.objects.filter(application=application)
               .select_related("indicator", "updated_by")}
    levels = {level.pk: level for level in RubricLevel.objects.filter(indicator__in=current)}

    inputs, kept, conflicts = {}, [], []
    for given in parsed.answers:
        answer = current[given.indicator_id]
        changed_in_system = answer_fingerprint(answer.level_id, answer.narrative,
                                               answer.updated_at) != given.answer_fingerprint
        if not given.edited:
            if changed_in_system:
                kept.append(KeptAnswer(given.number, answer.indicator.title_localized))
            continue
        if changed_in_system and (given.level_id, given.narrative) != (answer.level_id, answer.narrative):
            conflicts.append(_("Indicator %(n)s (%(title)s): %(changed)s.") % {
                "n": given.number, "title": answer.indicator.title_localized, "changed": _who_and_when(answer)})
            continue
        inputs[given.indicator_id] = AnswerInput(level_id=given.level_id, narrative=given.narrative)
    if conflicts:
        raise Refused(_("Nothing was saved: these indicators were changed in the system after the workbook was "
                        "downloaded, and were changed in the workbook too. Download a fresh workbook and copy "
                        "your changes into it."), details=conflicts)

    before = {pk: (answer.level_id, answer.narrative) for pk, answer in current.items()}
    changed_numbers = set(save_answers(application=application, answers=inputs, by=by))
    changes = []
    for pk, answer in sorted(current.items(), key=lambda item: item[1].indicator.number):
        if answer.indicator.number not in changed_numbers:
            continue
        old_level, old_narrative = before[pk]
        new = inputs[pk]
        changes.append(AnswerChange(
            number=answer.indicator.number, title=answer.indicator.title_localized,
            old_level=_level(levels, old_level), new_level=_level(levels, new.level_id),
            narrative_changed=old_narrative != new.narrative.strip(),
        ))
    return WorkbookResult(changes=changes, kept=sorted(kept, key=lambda item: item.number),
                          unchanged=len(current) - len(changes) - len(kept))
