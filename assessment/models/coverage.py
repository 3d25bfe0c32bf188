"""What coverage is measured against, and what the daily expiry run has already told people."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .designations import Designation
from .regions import Level, Region


class CoverageTarget(models.Model):
    """A city's aim: `target_percent` of its kelurahan designated KRPPA by the end of `target_year`.

    One current target per city; changing it is audited, so the history of targets lives in the audit log.
    """

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="coverage_target",
                                  limit_choices_to={"level": Level.CITY}, verbose_name=_("city/regency"))
    target_percent = models.PositiveSmallIntegerField(
        _("target coverage (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    target_year = models.PositiveSmallIntegerField(_("by the end of"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set"), default=timezone.now)

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        constraints = [
            models.CheckConstraint(condition=models.Q(target_percent__gte=1, target_percent__lte=100),
                                   name="coverage_target_percent_range"),
        ]

    def __str__(self):
        return f"{self.region.name}: {self.target_percent}% / {self.target_year}"

    @property
    def region_code(self) -> str:
        return self.region_id


class ExpiryWarningKind(models.TextChoices):
    """The thresholds at which coordinators hear about a designation running out."""

    SIX_MONTHS = "six_months", _("Expires within six months")
    EXPIRED = "expired", _("Expired")


class ExpiryWarning(models.Model):
    """One warning about one designation at one threshold: the record that keeps the daily run from repeating it."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="expiry_warnings",
                                    verbose_name=_("designation"))
    kind = models.CharField(_("kind"), max_length=12, choices=ExpiryWarningKind.choices)
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("expiry warning")
        verbose_name_plural = _("expiry warnings")
        constraints = [
            models.UniqueConstraint(fields=["designation", "kind"], name="expiry_warning_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.designation} — {self.get_kind_display()} ({self.sent_on})"
