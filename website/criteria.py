"""The public criteria: one page per framework version, one sub-URL per indicator.

Every number, rubric level and evidence item is read from the Framework rows when the page is served,
so the public reads exactly what reviewers score with. The page holds only what editors write around
those rows: an introduction, and guidance per indicator keyed by the indicator's slug (a new framework
version keeps its slugs, so guidance outlives versions).
"""

from dataclasses import dataclass

from django import forms
from django.db import models
from django.http import Http404
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from assessment.models import Framework, Indicator

GUIDANCE_BLOCKS = [
    ("text", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Text"))),
    (
        "example",
        blocks.StructBlock(
            [
                ("title", blocks.CharBlock(label=_("Title"))),
                ("text", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Text"))),
            ],
            icon="doc-full",
            label=_("Example"),
        ),
    ),
]


def indicator_slug_choices():
    """Every indicator slug of every framework, labelled with its newest title; read when the form renders."""
    labels = {}
    newest_first = Indicator.objects.order_by("-framework__year", "-framework__version", "number")
    for slug, number, title in newest_first.values_list("slug", "number", "title"):
        labels.setdefault(slug, f"{number}. {title}")
    return [("", "---------"), *labels.items()]


class IndicatorSlugSelect(forms.Select):
    """A select whose options are read from the database each time it renders, not once at import."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=CallableChoiceIterator(indicator_slug_choices))


class IndicatorGuidance(Orderable):
    """What editors write about one indicator: advice, worked examples, common mistakes."""

    page = ParentalKey("website.CriteriaPage", on_delete=models.CASCADE, related_name="indicator_guidance")
    indicator_slug = models.SlugField(_("indicator"), max_length=80)
    body = StreamField(GUIDANCE_BLOCKS, verbose_name=_("guidance and examples"))

    panels = [FieldPanel("indicator_slug", widget=IndicatorSlugSelect), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator guidance")
        verbose_name_plural = _("indicator guidance")

    def __str__(self):
        return self.indicator_slug


class CriteriaPageForm(WagtailAdminPageForm):
    """Guidance must name an indicator of the page's framework, at most once."""

    def clean(self):
        cleaned_data = super().clean()
        framework = cleaned_data.get("framework")
        guidance = self.formsets.get("indicator_guidance")
        if framework is None or guidance is None or not guidance.is_valid():
            return cleaned_data
        known = set(framework.indicators.values_list("slug", flat=True))
        seen = set()
        for form in guidance.forms:
            if form.cleaned_data.get("DELETE") or not (form.has_changed() or form.instance.pk):
                continue
            slug = form.cleaned_data.get("indicator_slug")
            if slug not in known:
                form.add_error("indicator_slug", _("This is not an indicator of the chosen framework."))
            elif slug in seen:
                form.add_error("indicator_slug", _("This indicator already has guidance on this page."))
            seen.add(slug)
        return cleaned_data


@dataclass(frozen=True)
class IndicatorLink:
    indicator: Indicator
    url: str


class CriteriaPage(RoutablePageMixin, Page):
    """One framework version for the public: `/kriteria/` and `/kriteria/<indicator-slug>/`.

    Only a published framework is shown; a page pointing at a draft answers 404 (previews excepted).
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="criteria_pages", verbose_name=_("criteria framework"),
        help_text=_("The numbers, rubric and evidence lists shown come from this framework."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("framework"),
        FieldPanel("intro"),
        InlinePanel("indicator_guidance", heading=_("Guidance per indicator"), label=_("Guidance")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields("indicator_guidance", [index.SearchField("body")]),
    ]
    base_form_class = CriteriaPageForm
    parent_page_types = ["website.HomePage"]
    # Indicator sub-URLs live directly under the page; a child page could shadow one.
    subpage_types = []

    class Meta:
        verbose_name = _("criteria page")

    @staticmethod
    def shows_drafts(request) -> bool:
        """Editors previewing the page may see a draft framework; visitors never do."""
        return getattr(request, "is_preview", False)

    def framework_for(self, request) -> Framework:
        frameworks = Framework.objects.all() if self.shows_drafts(request) else Framework.objects.published()
        try:
            return frameworks.get(pk=self.framework_id)
        except Framework.DoesNotExist as missing:
            raise Http404("The criteria framework is not published.") from missing

    def indicators_for(self, request) -> list[Indicator]:
        """The framework's indicators, each carrying the framework itself: one query for both."""
        indicators = Indicator.objects.filter(framework_id=self.framework_id).select_related("framework")
        if not self.shows_drafts(request):
            indicators = indicators.filter(framework__live=True)
        return list(indicators)

    def indicator_links(self, request, indicators) -> list[IndicatorLink]:
        base = self.get_url(request)
        return [IndicatorLink(indicator, f"{base}{indicator.slug}/") for indicator in indicators]

    @path("", name="criteria")
    def criteria(self, request):
        framework = self.framework_for(request)
        indicators = list(framework.indicators.all())
        return self.render(request, context_overrides={
            "framework": framework,
            "indicator_links": self.indicator_links(request, indicators),
            "indicator_points": sum(indicator.max_points for indicator in indicators),
            "categories": list(framework.categories.all()),
            "subpath": "",
        })

    @path("<slug:indicator_slug>/", name="indicator")
    def indicator(self, request, indicator_slug):
        links = self.indicator_links(request, self.indicators_for(request))
        position = next((n for n, link in enumerate(links) if link.indicator.slug == indicator_slug), None)
        if position is None:
            raise Http404("No such indicator in a published framework.")
        indicator = links[position].indicator
        framework = indicator.framework
        evidence = list(indicator.evidence_requirements.all())
        return self.render(
            request,
            template="website/indicator_page.html",
            context_overrides={
                "framework": framework,
                "indicator": indicator,
                "levels": indicator.ordered_levels(),
                "required_evidence": [item for item in evidence if item.required],
                "optional_evidence": [item for item in evidence if not item.required],
                "guidance": self.indicator_guidance.filter(indicator_slug=indicator_slug).first(),
                "previous_link": links[position - 1] if position > 0 else None,
                "next_link": links[position + 1] if position + 1 < len(links) else None,
                "subpath": f"{indicator_slug}/",
            },
        )

    def get_sitemap_urls(self, request=None):
        """The page and each indicator of its framework, but nothing while the framework is a draft."""
        framework = Framework.objects.published().filter(pk=self.framework_id).first()
        if framework is None:
            return []
        lastmod = max(filter(None, [self.last_published_at, framework.last_published_at]), default=None)
        base = self.get_full_url(request)
        return [
            {"location": base, "lastmod": lastmod},
            *({"location": f"{base}{slug}/", "lastmod": lastmod}
              for slug in framework.indicators.values_list("slug", flat=True)),
        ]
