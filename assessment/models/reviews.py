"""Reviews (one reviewer's scores at one stage) and the coordinators' decisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .frameworks import Category, Indicator, RubricLevel


class ReviewStage(models.TextChoices):
    CITY = "city", _("City review")
    PROVINCE = "province", _("Provincial evaluation")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend")
    REVISE = "revise", _("Ask for revision")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def pending(self):
        return self.filter(submitted_at__isnull=True)

    def current(self, application, stage):
        """The reviews of the latest panel of `stage` for `application`."""
        latest = (
            self.filter(application=application, stage=stage).aggregate(models.Max("round"))["round__max"]
        )
        return self.filter(application=application, stage=stage, round=latest or 0)


class Review(models.Model):
    """One reviewer's scores of one application at one stage; panels have one review per member."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    round = models.PositiveSmallIntegerField(
        _("round"), default=1, help_text=_("Which time through this stage (a revision starts a new round).")
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews",
                                 verbose_name=_("reviewer"))
    recommendation = models.CharField(_("recommendation"), max_length=16, choices=Recommendation.choices,
                                      blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    field_findings = models.TextField(_("field-verification findings"), blank=True)
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["application", "stage", "round", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "stage", "round", "reviewer"],
                                    name="review_unique_member_per_round"),
        ]

    def __str__(self):
        return f"{self.application} — {self.get_stage_display()} {self.round} — {self.reviewer}"

    @property
    def region_code(self) -> str:
        return self.application.kelurahan_id

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ReviewScore(models.Model):
    """The level a reviewer gives one indicator, with a comment the kelurahan will read."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["indicator__number"]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "indicator"], name="score_unique_per_indicator"),
        ]

    def __str__(self):
        return f"{self.review} — {self.indicator.number}: {self.level}"

    def clean(self):
        super().clean()
        if self.level_id and self.indicator_id and self.level.indicator_id != self.indicator_id:
            raise ValidationError({"level": _("This level belongs to another indicator.")})


class DecisionOutcome(models.TextChoices):
    # city
    RECOMMEND = "recommend", _("Recommended to the province")
    REVISE = "revise", _("Sent back for revision")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended this cycle")
    # province
    DESIGNATE = "designate", _("Designated")
    RETURN_TO_CITY = "return_to_city", _("Returned to the city")
    DECLINE = "decline", _("Declined")


class Decision(models.Model):
    """A coordinator's decision at the end of a stage, with the feedback the kelurahan reads."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=DecisionOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    # A designation decision carries what the decree will say.
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    computed_category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("category from the score"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("category"))
    override_reason = models.TextField(_("reason for a different category"), blank=True)
    sk_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    sk_date = models.DateField(_("decree (SK) date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.application} — {self.get_outcome_display()}"
