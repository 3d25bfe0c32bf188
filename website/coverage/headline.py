"""The one-sentence headline: "11 of 52 kelurahan in Kota Banjarmasin are KRPPA"."""

from django.utils.translation import ngettext

from assessment.coverage import REPORTED_LEVELS, Figures, snapshot
from assessment.models import Region


def sentence(figures: Figures) -> str:
    return ngettext(
        "%(designated)s of %(total)s kelurahan in %(region)s is KRPPA",
        "%(designated)s of %(total)s kelurahan in %(region)s are KRPPA",
        figures.designated,
    ) % {"designated": figures.designated, "total": figures.kelurahan_total, "region": figures.place.name}


def headline_figures(region_code: str) -> Figures | None:
    """The region's figures, or None where the region is not (yet) loaded or is not a province, city or
    kecamatan (a mistyped KRPPA_HOME_REGION leaves the home page without a headline, not broken)."""
    region = Region.objects.filter(code=region_code, level__in=REPORTED_LEVELS).first()
    return snapshot(region).figures if region is not None else None


def headline(region_code: str) -> str | None:
    """The headline for the region with `region_code`, in the active language (None for an unknown region)."""
    figures = headline_figures(region_code)
    return sentence(figures) if figures is not None else None
