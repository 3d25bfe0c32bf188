"""Template tags of the public site: the language switcher and the link to the criteria."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

from website.criteria import CriteriaPage

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    current: bool


def _home_url(language_code: str) -> str:
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[LanguageVersion]:
    """This page in every language: its live translation (plus any routed sub-path such as an indicator);
    for views that are not pages, the same path in the other language; failing both, that language's home.
    Empty where no link would change the language: paths outside the language prefixes, like the login page."""
    request = context.get("request")
    page = context.get("page")
    subpath = context.get("subpath", "")
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            translated.locale.language_code: translated
            for translated in page.get_translations(inclusive=True).live().select_related("locale")
        }
    versions = []
    for code, _name in settings.LANGUAGES:
        if page is not None:
            translated = translations.get(code)
            url = translated.get_url(request) + subpath if translated else _home_url(code)
        elif request is not None:
            url = translate_url(request.path, code)
        else:
            url = _home_url(code)
        current = code == translation.get_language()
        if not current and request is not None and url == request.path:
            # A path outside the language prefixes (the login page): a link here would not switch anything.
            continue
        name = translation.get_language_info(code)["name_local"]
        versions.append(LanguageVersion(code, name, url, current))
    return versions if len(versions) > 1 else []


CRITERIA_URL_CACHE_SECONDS = 300


def criteria_url_cache_key(language_code: str) -> str:
    return f"website:criteria-url:{language_code}"


@register.simple_tag(takes_context=True)
def criteria_url(context) -> str:
    """Where the public criteria are in the active language, or "" while none is published.

    Every public page's menu asks this, so the answer is cached (and dropped whenever a criteria
    page is published or unpublished): a menu link should not cost a page three queries.
    """
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, CriteriaPage):
        return page.get_url(request)
    key = criteria_url_cache_key(translation.get_language())
    url = cache.get(key)
    if url is None:
        page = (CriteriaPage.objects.live().public()
                .filter(locale__language_code=translation.get_language(), framework__live=True)
                .order_by("path").first())
        url = page.get_url(request) if page else ""
        cache.set(key, url, CRITERIA_URL_CACHE_SECONDS)
    return url


@register.filter
def within(path: str, section_url: str) -> bool:
    """Whether `path` is `section_url` or below it, e.g. to mark the current menu entry."""
    return bool(section_url) and str(path).startswith(section_url)


def forget_criteria_url(**kwargs):
    cache.delete_many([criteria_url_cache_key(code) for code, _name in settings.LANGUAGES])
