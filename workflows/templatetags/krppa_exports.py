from django import template

from assessment.perms import EXPORT_RECAP

from ..permissions import has_perm_anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def may_export_recap(context) -> bool:
    """Whether the signed-in user may export a recap of at least one region."""
    return has_perm_anywhere(context["request"].user, EXPORT_RECAP)
