from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def points(value):
    """Points as people write them: 70, 72,5 (Indonesian) — and a dash when there are none."""
    if value is None or value == "":
        return "—"
    return floatformat(value, "-2")
