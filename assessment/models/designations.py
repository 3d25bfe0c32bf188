"""A kelurahan's KRPPA status, as written in the province's decree (SK)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .frameworks import Category, Framework
from .regions import Region


class DesignationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class DesignationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=DesignationStatus.ACTIVE)

    def within(self, code: str | None):
        if not code:
            return self
        return self.filter(models.Q(kelurahan__code=code) | models.Q(kelurahan__code__startswith=f"{code}."))


class Designation(models.Model):
    kelurahan = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="designations",
                                  verbose_name=_("kelurahan"))
    application = models.OneToOneField(Application, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="designation", verbose_name=_("application"))
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="designations",
                                  verbose_name=_("framework"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="designations",
                                 verbose_name=_("category"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    sk_number = models.CharField(_("decree (SK) number"), max_length=100)
    sk_date = models.DateField(_("decree (SK) date"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=DesignationStatus.choices,
                              default=DesignationStatus.ACTIVE, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"))
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["kelurahan_id", "-valid_from"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            models.UniqueConstraint(fields=["kelurahan"], condition=models.Q(status="active"),
                                    name="designation_one_active_per_kelurahan"),
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")),
                                   name="designation_valid_until_after_from"),
        ]

    def __str__(self):
        return f"{self.kelurahan.name} — KRPPA {self.category.name}"

    @property
    def region_code(self) -> str:
        return self.kelurahan_id
