"""Assessment cycles, applications and the kelurahan's answers."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .frameworks import Framework, Indicator, RubricLevel
from .regions import Kind, Level, Region


class Stage(models.TextChoices):
    """Where an application is; kept on the row so lists and coverage never join the task tables."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    LURAH_SUBMIT = "lurah_submit", _("Lurah's submission")
    CITY_SCREENING = "city_screening", _("City screening")
    CITY_REVIEW = "city_review", _("City review")
    CITY_DECISION = "city_decision", _("City decision")
    PROVINCE_ASSIGNMENT = "province_assignment", _("Province assignment")
    PROVINCE_EVALUATION = "province_evaluation", _("Provincial evaluation")
    PROVINCE_DECISION = "province_decision", _("Province decision")
    DESIGNATED = "designated", _("Designated")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended by the city")
    DECLINED = "declined", _("Declined by the province")
    CANCELLED = "cancelled", _("Cancelled")


class Phase(models.TextChoices):
    """Stages grouped the way coverage reports them."""

    SELF_ASSESSMENT = "self_assessment", _("Kelurahan")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    CLOSED = "closed", _("Closed")


PHASE_OF_STAGE = {
    Stage.SELF_ASSESSMENT: Phase.SELF_ASSESSMENT,
    Stage.LURAH_SUBMIT: Phase.SELF_ASSESSMENT,
    Stage.CITY_SCREENING: Phase.CITY,
    Stage.CITY_REVIEW: Phase.CITY,
    Stage.CITY_DECISION: Phase.CITY,
    Stage.PROVINCE_ASSIGNMENT: Phase.PROVINCE,
    Stage.PROVINCE_EVALUATION: Phase.PROVINCE,
    Stage.PROVINCE_DECISION: Phase.PROVINCE,
    Stage.DESIGNATED: Phase.CLOSED,
    Stage.NOT_RECOMMENDED: Phase.CLOSED,
    Stage.DECLINED: Phase.CLOSED,
    Stage.CANCELLED: Phase.CLOSED,
}
OPEN_STAGES = [stage for stage, phase in PHASE_OF_STAGE.items() if phase != Phase.CLOSED]


class CycleQuerySet(models.QuerySet):
    def open_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def covering(self, code: str):
        """Cycles whose region contains the region `code` (a city's cycle covers its kelurahan)."""
        parts = code.split(".")
        return self.filter(region_id__in=[".".join(parts[:n]) for n in range(1, len(parts) + 1)])


class Cycle(models.Model):
    """An assessment period of one framework for a city (or a whole province)."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="cycles",
                                  verbose_name=_("framework"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cycles",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Deadline, in days, for each human stage, counted from the moment the task is created.
    self_assessment_days = models.PositiveSmallIntegerField(_("self-assessment (days)"), default=30)
    lurah_submit_days = models.PositiveSmallIntegerField(_("lurah's submission (days)"), default=7)
    city_screening_days = models.PositiveSmallIntegerField(_("city screening (days)"), default=7)
    city_review_days = models.PositiveSmallIntegerField(_("city review (days)"), default=14)
    city_decision_days = models.PositiveSmallIntegerField(_("city decision (days)"), default=7)
    province_assignment_days = models.PositiveSmallIntegerField(_("province assignment (days)"), default=7)
    province_evaluation_days = models.PositiveSmallIntegerField(_("provincial evaluation (days)"), default=21)
    province_decision_days = models.PositiveSmallIntegerField(_("province decision (days)"), default=7)
    reminder_grace_days = models.PositiveSmallIntegerField(
        _("grace before the coordinator is told (days)"), default=3
    )
    designation_valid_years = models.PositiveSmallIntegerField(_("designation valid for (years)"), default=3)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="cycle_unique_region_year"),
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                   name="cycle_closes_after_opening"),
        ]

    def __str__(self):
        return self.name or f"KRPPA {self.year} — {self.region}"

    def clean(self):
        super().clean()
        if self.region_id and self.region.level not in (Level.PROVINCE, Level.CITY):
            raise ValidationError({"region": _("A cycle belongs to a province or a city/regency.")})
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A cycle cannot close before it opens.")})

    @property
    def region_code(self) -> str:
        return self.region_id

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def kelurahan_to_open(self):
        """Kelurahan of the cycle's region with no application in it and no active KRPPA designation."""
        return (Region.objects.within(self.region_id).kelurahan()
                .exclude(designations__status="active")
                .exclude(code__in=self.applications.values("kelurahan_id")))

    def deadline_days(self, stage: str) -> int | None:
        return getattr(self, f"{stage}_days", None)

    def deadline_for(self, stage: str, started_at):
        days = self.deadline_days(stage)
        return started_at + timedelta(days=days) if days is not None else None


class ApplicationQuerySet(models.QuerySet):
    def within(self, code: str | None):
        """Applications of kelurahan inside region `code` (everything when None)."""
        if not code:
            return self
        return self.filter(models.Q(kelurahan__code=code) | models.Q(kelurahan__code__startswith=f"{code}."))

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)


class Application(models.Model):
    """One kelurahan in one cycle; the artifact of its assessment process."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications",
                              verbose_name=_("cycle"))
    kelurahan = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications",
                                  limit_choices_to={"kind": Kind.KELURAHAN}, verbose_name=_("kelurahan"))
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.SELF_ASSESSMENT,
                             db_index=True)
    stage_entered_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted by the lurah"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    attestation = models.TextField(_("attestation"), blank=True)
    field_visit_on = models.DateField(_("field-verification visit"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["kelurahan_id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kelurahan"], name="application_unique_per_cycle"),
        ]

    def __str__(self):
        return f"{self.kelurahan.name} — {self.cycle.year}"

    @property
    def framework(self) -> Framework:
        return self.cycle.framework

    @property
    def region_code(self) -> str:
        return self.kelurahan_id

    @property
    def city_code(self) -> str:
        return ".".join(self.kelurahan_id.split(".")[:2])

    @property
    def province_code(self) -> str:
        return self.kelurahan_id.split(".")[0]

    @property
    def phase(self) -> str:
        return PHASE_OF_STAGE[self.stage]

    def clean(self):
        super().clean()
        if self.kelurahan_id and self.kelurahan.kind != Kind.KELURAHAN:
            raise ValidationError({"kelurahan": _("Only a kelurahan can apply.")})
        if self.kelurahan_id and self.cycle_id and not self.cycle.region.contains(self.kelurahan_id):
            raise ValidationError({"kelurahan": _("This kelurahan is outside the cycle's region.")})


class Answer(models.Model):
    """The kelurahan's claim for one indicator: a rubric level and a narrative."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("claimed level"))
    narrative = models.TextField(_("narrative"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["indicator__number"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="answer_unique_per_indicator"),
        ]

    def __str__(self):
        return f"{self.application} — {self.indicator.number}"

    @property
    def is_complete(self) -> bool:
        return self.level_id is not None and bool(self.narrative.strip())

    def clean(self):
        super().clean()
        if self.level_id and self.indicator_id and self.level.indicator_id != self.indicator_id:
            raise ValidationError({"level": _("This level belongs to another indicator.")})
