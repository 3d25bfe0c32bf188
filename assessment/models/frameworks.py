"""Versioned criteria frameworks: indicators, rubric levels, evidence requirements, categories.

A framework is edited as one cluster (Wagtail snippet with drafts and revisions) while it is a draft
or unused. Once an application uses it, it is frozen: every save or delete of the framework or any
of its parts is refused by the models themselves, whatever the form or command that tries it.
A change then means a new version (`Framework.copy_as_new_version`).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from .translation import localized


class FrameworkInUse(ValidationError):
    """Raised when something tries to change a framework that an application uses."""

    def __init__(self, framework):
        super().__init__(
            _(
                "Framework “%(name)s” is used by applications and cannot be changed. "
                "Create a new version to make changes."
            ),
            code="framework_in_use",
            params={"name": framework.name},
        )


def framework_in_use(framework_id) -> bool:
    if framework_id is None:
        return False
    from .applications import Application

    return Application.objects.filter(cycle__framework_id=framework_id).exists()


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)


class Framework(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    total_points = models.PositiveIntegerField(
        _("total points"), default=1000, help_text=_("The indicators' maximum points must add up to this.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    scoring_note = models.TextField(
        _("scoring note"), blank=True, help_text=_("Where the scoring comes from and how official it is.")
    )
    scoring_note_en = models.TextField(_("scoring note (English)"), blank=True)
    derived_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions",
        verbose_name=_("derived from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    name_localized = localized("name")
    introduction_localized = localized("introduction")
    scoring_note_localized = localized("scoring_note")

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.SearchField("introduction"),
        index.SearchField("introduction_en"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("criteria framework")
        verbose_name_plural = _("criteria frameworks")

    def __str__(self):
        return self.name

    # -- freezing -------------------------------------------------------------------------------

    @property
    def is_in_use(self) -> bool:
        return framework_in_use(self.pk)

    def ensure_editable(self):
        if self.is_in_use:
            raise FrameworkInUse(self)

    def save(self, *args, **kwargs):
        self.ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.ensure_editable()
        return super().delete(*args, **kwargs)

    # -- structure ------------------------------------------------------------------------------

    def structure_problems(self) -> list[str]:
        """What stops this framework from being scored: empty when it is sound."""
        problems = []
        indicators = list(self.indicators.all())
        if not indicators:
            problems.append(_("The framework has no indicators."))
        points = sum(indicator.max_points for indicator in indicators)
        if indicators and points != self.total_points:
            problems.append(
                _("The indicators' maximum points add up to %(points)s, not %(total)s.")
                % {"points": points, "total": self.total_points}
            )
        for indicator in indicators:
            problems.extend(indicator.structure_problems())
        categories = sorted(self.categories.all(), key=lambda category: category.min_points)
        for lower, upper in zip(categories, categories[1:], strict=False):
            if upper.min_points <= lower.max_points:
                problems.append(
                    _("Categories %(a)s and %(b)s overlap.") % {"a": lower.name, "b": upper.name}
                )
        return problems

    def first_version(self) -> "Framework":
        root = self
        while root.derived_from_id:
            root = root.derived_from
        return root

    @transaction.atomic
    def copy_as_new_version(self) -> "Framework":
        """A draft copy of this framework, with every indicator, level, requirement and category."""
        root = self.first_version()
        version = max(
            Framework.objects.filter(models.Q(pk=root.pk) | models.Q(slug__startswith=f"{root.slug}-v"))
            .values_list("version", flat=True)
        ) + 1
        slug = slugify(f"{root.slug}-v{version}")
        while Framework.objects.filter(slug=slug).exists():
            version += 1
            slug = slugify(f"{root.slug}-v{version}")
        copy = Framework(
            name=f"{root.name} (v{version})",
            name_en=f"{root.name_en} (v{version})" if root.name_en else "",
            slug=slug,
            year=self.year,
            version=version,
            total_points=self.total_points,
            introduction=self.introduction,
            introduction_en=self.introduction_en,
            scoring_note=self.scoring_note,
            scoring_note_en=self.scoring_note_en,
            derived_from=self,
            live=False,
        )
        copy.save()
        for indicator in self.indicators.all():
            new_indicator = Indicator.objects.create(
                framework=copy,
                **{field: getattr(indicator, field) for field in Indicator.COPIED_FIELDS},
            )
            for level in indicator.levels.all():
                RubricLevel.objects.create(
                    indicator=new_indicator,
                    **{field: getattr(level, field) for field in RubricLevel.COPIED_FIELDS},
                )
            for requirement in indicator.evidence_requirements.all():
                EvidenceRequirement.objects.create(
                    indicator=new_indicator,
                    **{field: getattr(requirement, field) for field in EvidenceRequirement.COPIED_FIELDS},
                )
        for category in self.categories.all():
            Category.objects.create(
                framework=copy, **{field: getattr(category, field) for field in Category.COPIED_FIELDS}
            )
        return copy


class FrameworkPart(models.Model):
    """A row that belongs to a framework and is frozen with it.

    Subclasses name their way to the framework with `_framework_id()` and `get_framework()`.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_editable()
        return super().delete(*args, **kwargs)

    def _ensure_editable(self):
        if framework_in_use(self._framework_id()):
            raise FrameworkInUse(self.get_framework())


class Indicator(FrameworkPart, index.Indexed, ClusterableModel, Orderable):
    framework = ParentalKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    max_points = models.PositiveIntegerField(_("maximum points"))

    COPIED_FIELDS = ["number", "slug", "title", "title_en", "description", "description_en",
                     "max_points", "sort_order"]

    title_localized = localized("title")
    description_localized = localized("description")

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("title_en", boost=2),
        index.SearchField("description"),
        index.SearchField("description_en"),
        index.FilterField("framework"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="indicator_unique_number"),
            models.UniqueConstraint(fields=["framework", "slug"], name="indicator_unique_slug"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def _framework_id(self):
        return self.framework_id

    def get_framework(self):
        return self.framework

    def ordered_levels(self) -> list["RubricLevel"]:
        """Levels from lowest to highest points; the position is the level's rank."""
        return sorted(self.levels.all(), key=lambda level: level.points)

    def structure_problems(self) -> list[str]:
        problems = []
        levels = self.ordered_levels()
        if len(levels) < 2:
            problems.append(_("Indicator %(n)s needs at least two rubric levels.") % {"n": self.number})
            return problems
        if levels[-1].points != self.max_points:
            problems.append(
                _("Indicator %(n)s: the highest level gives %(points)s points, not its maximum %(max)s.")
                % {"n": self.number, "points": levels[-1].points, "max": self.max_points}
            )
        if len({level.points for level in levels}) != len(levels):
            problems.append(_("Indicator %(n)s: two levels give the same points.") % {"n": self.number})
        return problems


class RubricLevel(FrameworkPart, Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(_("label"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=80, blank=True)
    points = models.PositiveIntegerField(_("points"))
    descriptor = models.TextField(_("descriptor"), help_text=_("What a kelurahan at this level shows."))
    descriptor_en = models.TextField(_("descriptor (English)"), blank=True)

    COPIED_FIELDS = ["label", "label_en", "points", "descriptor", "descriptor_en", "sort_order"]

    label_localized = localized("label")
    descriptor_localized = localized("descriptor")

    class Meta(Orderable.Meta):
        ordering = ["points"]
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")

    def __str__(self):
        return f"{self.label} ({self.points})"

    def clean(self):
        super().clean()
        if self.indicator_id and self.points > self.indicator.max_points:
            raise ValidationError(
                {"points": _("A level cannot give more than the indicator's maximum points.")}
            )

    def _framework_id(self):
        return self.indicator.framework_id if self.indicator_id else None

    def get_framework(self):
        return self.indicator.framework


class EvidenceRequirement(FrameworkPart, Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="evidence_requirements")
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    COPIED_FIELDS = ["title", "title_en", "description", "description_en", "required", "sort_order"]

    title_localized = localized("title")
    description_localized = localized("description")

    class Meta(Orderable.Meta):
        verbose_name = _("evidence requirement")
        verbose_name_plural = _("evidence requirements")

    def __str__(self):
        return self.title

    def _framework_id(self):
        return self.indicator.framework_id if self.indicator_id else None

    def get_framework(self):
        return self.indicator.framework


class Category(FrameworkPart, Orderable):
    """A designation category with its score band, e.g. Madya: 601–700."""

    framework = ParentalKey(Framework, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    min_points = models.PositiveIntegerField(_("minimum points"))
    max_points = models.PositiveIntegerField(_("maximum points"))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    COPIED_FIELDS = ["name", "name_en", "min_points", "max_points", "description", "description_en",
                     "sort_order"]

    name_localized = localized("name")
    description_localized = localized("description")

    class Meta(Orderable.Meta):
        ordering = ["min_points"]
        verbose_name = _("designation category")
        verbose_name_plural = _("designation categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_points__gte=models.F("min_points")), name="category_band_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.min_points}–{self.max_points})"

    def clean(self):
        super().clean()
        if self.min_points is not None and self.max_points is not None and self.max_points < self.min_points:
            raise ValidationError({"max_points": _("The maximum must not be below the minimum.")})

    def _framework_id(self):
        return self.framework_id

    def get_framework(self):
        return self.framework
