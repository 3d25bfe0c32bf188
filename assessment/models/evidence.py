"""Evidence files attached to a kelurahan's answers.

Append-only: a row is never deleted and its file never overwritten. Replacing a file supersedes the
row (`superseded_by` points at the newer one); withdrawing sets `superseded_at` alone. The current
evidence of an answer is what is not superseded. Reviewers' judgement (insufficient, with a note)
is the only thing that changes on a row, and each change is in the audit trail.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..evidence_storage import evidence_storage
from ..filetypes import ACCEPTED
from .applications import Answer, Application
from .frameworks import EvidenceRequirement


class EvidenceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)

    def superseded(self):
        return self.filter(superseded_at__isnull=False)

    def of_application(self, application: Application):
        return self.filter(answer__application=application)


class Evidence(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("answer"))
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("evidence requirement"),
                                    help_text=_("Empty for other supporting files of the indicator."))
    file = models.FileField(_("file"), storage=evidence_storage, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=8, choices=[(key, kind.label) for key, kind in ACCEPTED.items()])
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="supersedes", verbose_name=_("replaced by"))
    superseded_at = models.DateTimeField(_("replaced or withdrawn"), null=True, blank=True)
    insufficient = models.BooleanField(_("insufficient"), default=False)
    insufficient_note = models.TextField(_("why it is insufficient"), blank=True)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("judged by"))
    judged_at = models.DateTimeField(_("judged"), null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["answer", "requirement", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            # The same content is kept once per requirement of an answer (a second upload is recognised, not
            # added); one scanned document may serve two requirements. Two constraints, as NULLs are distinct.
            models.UniqueConstraint(fields=["answer", "requirement", "sha256"],
                                    condition=models.Q(superseded_at__isnull=True, requirement__isnull=False),
                                    name="evidence_current_content_unique_per_requirement"),
            models.UniqueConstraint(fields=["answer", "sha256"],
                                    condition=models.Q(superseded_at__isnull=True, requirement__isnull=True),
                                    name="evidence_current_other_content_unique_per_answer"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def region_code(self) -> str:
        return self.answer.application.kelurahan_id

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def kind_spec(self):
        return ACCEPTED[self.kind]
