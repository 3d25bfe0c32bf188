"""Evidence per indicator, held against the framework's evidence requirements.

Everyone who reads a self-assessment (operator, lurah, reviewers, coordinators) sees the same list:
each requirement with its current files, what required evidence is still missing, what a reviewer
marked insufficient, and the earlier versions.
"""

from dataclasses import dataclass, field

from .models import Answer, Application, Evidence, EvidenceRequirement, Indicator


@dataclass
class RequirementEvidence:
    requirement: EvidenceRequirement | None  # None: other supporting files of the indicator
    files: list[Evidence] = field(default_factory=list)

    @property
    def is_missing(self) -> bool:
        return self.requirement is not None and self.requirement.required and not self.files


@dataclass
class IndicatorEvidence:
    indicator: Indicator
    answer: Answer | None
    requirements: list[RequirementEvidence]
    other: RequirementEvidence
    history: list[Evidence]

    @property
    def missing(self) -> list[EvidenceRequirement]:
        return [row.requirement for row in self.requirements if row.is_missing]

    @property
    def insufficient(self) -> list[Evidence]:
        return [evidence for row in self.slots for evidence in row.files if evidence.insufficient]

    @property
    def slots(self) -> list[RequirementEvidence]:
        return [*self.requirements, self.other]

    @property
    def file_count(self) -> int:
        return sum(len(row.files) for row in self.slots)


def evidence_checklist(application: Application, indicators: list[Indicator]) -> dict[int, IndicatorEvidence]:
    """indicator pk -> its evidence; `indicators` should come with `evidence_requirements` prefetched.

    Two queries whatever the number of files: the answers, and every evidence row of the application.
    """
    answers = {answer.indicator_id: answer for answer in Answer.objects.filter(application=application)}
    rows = (Evidence.objects.of_application(application)
            .select_related("uploaded_by", "judged_by", "answer").order_by("uploaded_at", "pk"))
    current: dict[tuple[int, int | None], list[Evidence]] = {}
    history: dict[int, list[Evidence]] = {}
    for evidence in rows:
        indicator_id = evidence.answer.indicator_id
        if evidence.is_current:
            current.setdefault((indicator_id, evidence.requirement_id), []).append(evidence)
        else:
            history.setdefault(indicator_id, []).append(evidence)
    result = {}
    for indicator in indicators:
        requirements = [
            RequirementEvidence(requirement, current.get((indicator.pk, requirement.pk), []))
            for requirement in indicator.evidence_requirements.all()
        ]
        result[indicator.pk] = IndicatorEvidence(
            indicator=indicator, answer=answers.get(indicator.pk), requirements=requirements,
            other=RequirementEvidence(None, current.get((indicator.pk, None), [])),
            history=history.get(indicator.pk, []))
    return result


def missing_required_count(checklist: dict[int, IndicatorEvidence]) -> int:
    return sum(len(item.missing) for item in checklist.values())
