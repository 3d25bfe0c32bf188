"""Small pieces of coverage markup used in long lists (a row per province, city or kecamatan).

Rendered in Python because a template include or a blocktranslate per row made the national page
several times slower than the rest of the site.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


def _css_percent(value) -> str:
    """A width for CSS: always a dot, whatever the language's decimal comma."""
    return f"{float(value or 0):.1f}"


@register.simple_tag
def coverage_bar(figures, describe: bool = False):
    """The stacked bar: KRPPA, then in progress, on a not-started background."""
    parts = [(kind, percent) for kind, count, percent in (
        ("designated", figures.designated, figures.coverage_percent),
        ("progress", figures.in_progress_total, figures.in_progress_percent)) if count]
    spans = format_html_join("", '<span class="coverage-bar__part coverage-bar__part--{}" style="width: {}%"></span>',
                             ((kind, _css_percent(percent)) for kind, percent in parts))
    if describe:
        label = gettext("%(designated)s of %(total)s kelurahan are KRPPA, %(in_progress)s in progress") % {
            "designated": figures.designated, "total": figures.kelurahan_total,
            "in_progress": figures.in_progress_total}
        return format_html('<div class="coverage-bar" role="img" aria-label="{}">{}</div>', label, spans)
    # In a list the numbers are written out next to the bar, so the bar itself is decoration.
    return format_html('<div class="coverage-bar" aria-hidden="true">{}</div>', spans)


@register.filter
def coverage_numbers(figures) -> str:
    """"2 of 12 KRPPA · 2 in progress · 8 not started"."""
    return gettext("%(designated)s of %(total)s KRPPA · %(in_progress)s in progress · %(not_started)s not started") % {
        "designated": figures.designated, "total": figures.kelurahan_total,
        "in_progress": figures.in_progress_total, "not_started": figures.not_started}
