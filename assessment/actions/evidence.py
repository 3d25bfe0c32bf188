"""Evidence files: upload (append-only, checked by content), withdraw, judge."""

from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import filetypes
from ..evidence_storage import digest as evidence_digest
from ..evidence_storage import evidence_storage, generated_name
from ..models import (
    Answer,
    Application,
    AuditEvent,
    Evidence,
    EvidenceRequirement,
    Stage,
)
from ..perms import (
    JUDGE_EVIDENCE,
    UPLOAD_EVIDENCE,
)
from .base import (
    Refused,
    _lock,
    _require,
    _require_stage,
)

# -- evidence -----------------------------------------------------------------------------------

EVIDENCE_JUDGING_STAGES = (Stage.CITY_REVIEW, Stage.PROVINCE_EVALUATION)


@dataclass(frozen=True)
class EvidenceUpload:
    evidence: Evidence
    stored: bool  # False when the same content was already current there and nothing new was kept


def _evidence_application(answer: Answer) -> Application:
    application = _lock(answer.application)
    if answer.application_id != application.pk:
        raise Refused(_("That answer belongs to another application."))
    return application


@transaction.atomic
def upload_evidence(*, answer: Answer, upload: File, by, requirement: EvidenceRequirement | None = None,
                    replaces: Evidence | None = None) -> EvidenceUpload:
    """Keep `upload` as evidence for `answer` (and one of its indicator's requirements), privately.

    The type is decided by the content; the file is read in chunks, never whole. The same content
    already current for this requirement of the answer is recognised and not stored again (one document
    may serve two requirements: it is listed under both, its bytes kept once). `replaces` supersedes an
    earlier file, which stays in the history.
    """
    application = _evidence_application(answer)
    _require_stage(application, Stage.SELF_ASSESSMENT)
    _require(by, UPLOAD_EVIDENCE, application)
    if requirement is not None and requirement.indicator_id != answer.indicator_id:
        raise Refused(_("That evidence requirement belongs to another indicator."))
    if replaces is not None:
        replaces = Evidence.objects.select_for_update().get(pk=replaces.pk)
        if replaces.answer_id != answer.pk or not replaces.is_current:
            raise Refused(_("Only a current file of this indicator can be replaced."))
        requirement = replaces.requirement
    name = getattr(upload, "name", "") or ""
    original_name = name.replace("\\", "/").rsplit("/", 1)[-1][:255] or _("unnamed file")
    limit = settings.KRPPA_EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise Refused(_("“%(name)s” is larger than %(limit)s; make it smaller (e.g. scan at a lower resolution).")
                      % {"name": original_name, "limit": filesizeformat(limit)})
    try:
        kind = filetypes.detect(upload)
    except filetypes.UnacceptableFile as refusal:
        raise Refused(_("“%(name)s” was not accepted: %(reason)s") % {"name": original_name,
                                                                         "reason": refusal.message}) from None
    digest = evidence_digest(upload)
    if digest.size > limit:  # the client's announced size is not trusted
        raise Refused(_("“%(name)s” is larger than %(limit)s; make it smaller (e.g. scan at a lower resolution).")
                      % {"name": original_name, "limit": filesizeformat(limit)})
    same = answer.evidence.current().filter(sha256=digest.sha256, requirement=requirement).first()
    if same is not None:
        return EvidenceUpload(evidence=same, stored=False)
    # Content seen before on this answer (then replaced) is not written to disk a second time.
    earlier = answer.evidence.filter(sha256=digest.sha256).order_by("pk").first()
    stored_name = earlier.file.name if earlier else evidence_storage().save(generated_name(kind.extension), upload)
    now = timezone.now()
    evidence = Evidence.objects.create(
        answer=answer, requirement=requirement, file=stored_name, original_name=original_name, kind=kind.key,
        size=digest.size, sha256=digest.sha256, uploaded_by=by, uploaded_at=now)
    if replaces is not None:
        replaces.superseded_by, replaces.superseded_at = evidence, now
        replaces.save(update_fields=["superseded_by", "superseded_at"])
    AuditEvent.record(actor=by, action="evidence.replaced" if replaces else "evidence.uploaded", obj=evidence,
                      application=application, region_code=application.kelurahan_id,
                      before={"evidence": replaces.pk, "name": replaces.original_name} if replaces else None,
                      after={"indicator": answer.indicator.number, "name": original_name, "type": kind.key,
                             "size": digest.size, "sha256": digest.sha256,
                             "requirement": requirement.pk if requirement else None})
    return EvidenceUpload(evidence=evidence, stored=True)  # a new current file, even where its bytes are shared


@transaction.atomic
def withdraw_evidence(*, evidence: Evidence, by) -> Evidence:
    """Take a file out of the current evidence (uploaded by mistake); it stays in the history."""
    application = _evidence_application(evidence.answer)
    _require_stage(application, Stage.SELF_ASSESSMENT)
    _require(by, UPLOAD_EVIDENCE, application)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if not evidence.is_current:
        raise Refused(_("That file was already replaced or withdrawn."))
    evidence.superseded_at = timezone.now()
    evidence.save(update_fields=["superseded_at"])
    AuditEvent.record(actor=by, action="evidence.withdrawn", obj=evidence, application=application,
                      region_code=application.kelurahan_id, before={"current": True}, after={"current": False})
    return evidence


@transaction.atomic
def judge_evidence(*, evidence: Evidence, insufficient: bool, note: str = "", by) -> Evidence:
    """A reviewer or evaluator marks a file insufficient (with a note the kelurahan reads), or clears the mark."""
    application = _evidence_application(evidence.answer)
    _require_stage(application, *EVIDENCE_JUDGING_STAGES)
    _require(by, JUDGE_EVIDENCE, application)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if not evidence.is_current:
        raise Refused(_("That file was replaced or withdrawn; judge the current one."))
    note = (note or "").strip()
    if insufficient and not note:
        raise Refused(_("“%(name)s”: say what is insufficient, for the kelurahan.") % {"name": evidence.original_name})
    if evidence.insufficient == insufficient and evidence.insufficient_note == (note if insufficient else ""):
        return evidence
    before = {"insufficient": evidence.insufficient, "note": evidence.insufficient_note}
    evidence.insufficient = insufficient
    evidence.insufficient_note = note if insufficient else ""
    evidence.judged_by, evidence.judged_at = by, timezone.now()
    evidence.save(update_fields=["insufficient", "insufficient_note", "judged_by", "judged_at"])
    AuditEvent.record(actor=by, action="evidence.judged", obj=evidence, application=application,
                      region_code=application.kelurahan_id, note=evidence.insufficient_note, before=before,
                      after={"insufficient": insufficient, "note": evidence.insufficient_note})
    return evidence
