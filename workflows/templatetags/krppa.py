from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def points(value):
    """Points as people write them: 70, 72,5 (Indonesian) — and a dash when there are none."""
    if value is None or value == "":
        return "—"
    return floatformat(value, "-2")


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, url, is_current) for each language, pointing at this same page; names in their own language."""
    from django.conf import settings
    from django.urls import translate_url
    from django.utils.translation import get_language, get_language_info

    request = context["request"]
    current = get_language()
    return [(code, get_language_info(code)["name_local"], translate_url(request.get_full_path(), code), code == current)
            for code, _name in settings.LANGUAGES]
