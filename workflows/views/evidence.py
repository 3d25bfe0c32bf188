"""Evidence in the work area: uploads on the self-assessment, judging on the review, the private download.

A file leaves the private storage only through `EvidenceDownloadView`, after the permission backend
says yes (VIEW_EVIDENCE on the application), as an attachment the browser must not sniff.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from assessment import actions
from assessment.checklist import IndicatorEvidence, evidence_checklist, missing_required_count
from assessment.evidence_storage import CHUNK_BYTES, evidence_storage
from assessment.models import Answer, Evidence
from assessment.perms import JUDGE_EVIDENCE, UPLOAD_EVIDENCE, VIEW_APPLICATION, VIEW_EVIDENCE

# Accepted types, for the browser's file picker only: the server decides by content.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods"


def download_name(evidence: Evidence) -> str:
    """The original name, with the real type's extension added when the name claims another type."""
    name = evidence.original_name
    extensions = {evidence.kind_spec.extension, evidence.kind}
    if name.rsplit(".", 1)[-1].lower() not in extensions:
        name = f"{name}.{evidence.kind_spec.extension}"
    return name


class EvidenceDownloadView(View):
    """One evidence file, to those who may see the application's evidence; others get 404 (or 403)."""

    def get(self, request, pk: int):
        evidence = get_object_or_404(Evidence.objects.select_related("answer__application"), pk=pk)
        application = evidence.answer.application
        if not request.user.has_perm(VIEW_EVIDENCE, application):
            if request.user.has_perm(VIEW_APPLICATION, application):
                raise PermissionDenied
            raise Http404
        try:
            handle = evidence_storage().open(evidence.file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=download_name(evidence),
                                content_type=evidence.kind_spec.content_type)
        response.block_size = CHUNK_BYTES
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class EvidenceChecklistMixin:
    """Task pages that list the evidence per indicator (`self.application`, `self.indicators`)."""

    @cached_property
    def evidence(self) -> dict[int, IndicatorEvidence]:
        return evidence_checklist(self.application, self.indicators)

    def get_context_data(self, **kwargs):
        return super().get_context_data(evidence=self.evidence, evidence_missing=missing_required_count(self.evidence),
                                        accept=ACCEPT_ATTRIBUTE, max_upload=settings.KRPPA_EVIDENCE_MAX_BYTES,
                                        **kwargs)


@dataclass
class EvidenceOutcome:
    stored: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    problems: list[actions.Refused] = field(default_factory=list)
    indicator_number: int | None = None  # where the operator was working, to return there

    def tell(self, request):
        if self.stored:
            messages.success(request, _("Evidence uploaded: %(names)s.") % {"names": ", ".join(self.stored)})
        if self.known:
            messages.info(request, _("Already uploaded (same content), not stored again: %(names)s.")
                          % {"names": ", ".join(self.known)})
        if self.withdrawn:
            messages.success(request, _("Withdrawn (kept in the history): %(names)s.")
                             % {"names": ", ".join(self.withdrawn)})


class EvidenceUploadMixin(EvidenceChecklistMixin):
    """The self-assessment's evidence inputs: `evidence_req_<requirement>`, `evidence_other_<indicator>`,
    `replace_<evidence>` (files) and `withdraw_<evidence>` (check boxes), applied on every save."""

    def get_context_data(self, **kwargs):
        may_upload = self.request.user.has_perm(UPLOAD_EVIDENCE, self.application)
        return super().get_context_data(evidence_mode="upload" if may_upload else "read", **kwargs)

    def apply_evidence(self) -> EvidenceOutcome:
        request, user, outcome = self.request, self.request.user, EvidenceOutcome()
        answers = {answer.indicator_id: answer for answer in Answer.objects.filter(application=self.application)
                   .select_related("indicator")}
        requirements = {requirement.pk: requirement for indicator in self.indicators
                        for requirement in indicator.evidence_requirements.all()}
        current = {evidence.pk: evidence for evidence in Evidence.objects.of_application(self.application).current()
                   .select_related("answer__indicator")}

        def attempt(action, where: Answer, **kwargs):
            outcome.indicator_number = outcome.indicator_number or where.indicator.number
            try:
                return action(by=user, **kwargs)
            except actions.Refused as refused:
                outcome.problems.append(refused)
                return None

        for key in request.POST:
            evidence = current.get(_number(key, "withdraw_"))
            if evidence is not None and request.POST.get(key):
                if attempt(actions.withdraw_evidence, evidence.answer, evidence=evidence):
                    outcome.withdrawn.append(evidence.original_name)
        for key, uploads in request.FILES.lists():
            answer, requirement, replaces = self._target(key, answers, requirements, current)
            if answer is None:
                continue
            for upload in uploads:
                result = attempt(actions.upload_evidence, answer, answer=answer, upload=upload,
                                 requirement=requirement, replaces=replaces)
                if result is not None:
                    (outcome.stored if result.stored else outcome.known).append(result.evidence.original_name)
        self.__dict__.pop("evidence", None)
        return outcome

    @staticmethod
    def _target(key, answers, requirements, current):
        """(answer, requirement, replaced evidence) named by an upload input."""
        if (number := _number(key, "evidence_req_")) in requirements:
            requirement = requirements[number]
            return answers.get(requirement.indicator_id), requirement, None
        if (number := _number(key, "evidence_other_")) in answers:
            return answers[number], None, None
        if (number := _number(key, "replace_")) in current:
            evidence = current[number]
            return evidence.answer, evidence.requirement, evidence
        return None, None, None


class EvidenceJudgingMixin(EvidenceChecklistMixin):
    """The review's evidence marks: `judged_<pk>` (shown), `insufficient_<pk>`, `insufficient_note_<pk>`, and
    the mark as the page showed it (`shown_insufficient_<pk>`, `shown_note_<pk>`): only what this reviewer
    changed is saved, so two panel members' pages do not undo each other's marks."""

    @cached_property
    def may_judge(self) -> bool:
        return (self.application.stage in actions.EVIDENCE_JUDGING_STAGES
                and self.request.user.has_perm(JUDGE_EVIDENCE, self.application))

    def get_context_data(self, **kwargs):
        return super().get_context_data(evidence_mode="judge" if self.may_judge else "read", **kwargs)

    def apply_judgements(self) -> list[actions.Refused]:
        if not self.may_judge:
            return []
        post, problems = self.request.POST, []
        shown = {number for key in post if (number := _number(key, "judged_")) is not None}
        for evidence in (Evidence.objects.of_application(self.application).current().filter(pk__in=shown)
                         .select_related("answer")):
            mark = (bool(post.get(f"insufficient_{evidence.pk}")), post.get(f"insufficient_note_{evidence.pk}", ""))
            if f"shown_insufficient_{evidence.pk}" in post and mark == (
                    post[f"shown_insufficient_{evidence.pk}"] == "1", post.get(f"shown_note_{evidence.pk}", "")):
                continue  # untouched on this page: a colleague's mark made since it was opened stands
            if mark[0] == evidence.insufficient and mark[1].strip() == evidence.insufficient_note:
                continue  # nothing to change
            try:
                actions.judge_evidence(evidence=evidence, insufficient=mark[0], note=mark[1], by=self.request.user)
            except actions.Refused as refused:
                problems.append(refused)
        self.__dict__.pop("evidence", None)
        return problems


def _number(key: str, prefix: str) -> int | None:
    if not key.startswith(prefix):
        return None
    tail = key[len(prefix):]
    return int(tail) if tail.isascii() and tail.isdigit() else None  # "²" is a digit too, but not an int
