"""`{% coverage_headline %}`: the home page's live coverage sentence for the site's home region."""

from django import template
from django.conf import settings

from ..coverage.headline import headline_figures, sentence

register = template.Library()


@register.inclusion_tag("coverage/headline.html")
def coverage_headline(region_code: str | None = None):
    """Renders nothing when the region (KRPPA_HOME_REGION by default) is not loaded."""
    figures = headline_figures(region_code or settings.KRPPA_HOME_REGION)
    return {"figures": figures, "sentence": sentence(figures) if figures is not None else ""}
