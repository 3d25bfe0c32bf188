"""Site search: the pages of the active language, and the indicators of the published criteria."""

import re
from dataclasses import dataclass

from django.shortcuts import render
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from assessment.models import Indicator

from .criteria import CriteriaPage

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
# Quotes would open a phrase the search backend cannot close, control characters (NUL) no database takes:
# both become spaces, so whatever a visitor types gets results or "nothing found", never an error.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


def clean_query(raw: str) -> str:
    return " ".join(UNSEARCHABLE.sub(" ", raw).split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class IndicatorHit:
    indicator: Indicator
    url: str
    criteria_title: str


def search_indicators(query: str, *, locale: Locale, request) -> list[IndicatorHit]:
    """Indicators of frameworks that a live criteria page in `locale` publishes, linked to that page."""
    criteria_pages = {}
    for page in (CriteriaPage.objects.live().public().filter(locale=locale, framework__live=True)
                 .order_by("path")):
        criteria_pages.setdefault(page.framework_id, page)
    if not criteria_pages:
        return []
    published = Indicator.objects.filter(framework__in=list(criteria_pages))
    hits = get_search_backend().search(query, published)[:MAX_RESULTS]
    results = []
    for indicator in hits:
        page = criteria_pages[indicator.framework_id]
        results.append(IndicatorHit(indicator, f"{page.get_url(request)}{indicator.slug}/", page.title))
    return results


def search(request):
    query = clean_query(request.GET.get("q", ""))
    pages, indicators = [], []
    if query:
        locale = Locale.get_active()
        found = Page.objects.live().public().filter(locale=locale).specific().search(query)[:MAX_RESULTS]
        # A criteria page answers 404 while its framework is a draft; so it is not offered either.
        pages = [page for page in found if not isinstance(page, CriteriaPage) or page.framework.live]
        indicators = search_indicators(query, locale=locale, request=request)
    return render(request, "website/search.html", {
        "query": query,
        "page_results": pages,
        "indicator_results": indicators,
    })
