"""Lookups shared by the work area's views."""

from django.shortcuts import get_object_or_404

from ..models import AssessmentProcess

# What every page about one application shows: the kelurahan with its kecamatan and city, the cycle,
# the cycle's region and the framework version it is scored against.
APPLICATION_RELATED = (
    "application__kelurahan__parent__parent",
    "application__cycle__framework",
    "application__cycle__region",
)


def process_or_404(pk) -> AssessmentProcess:
    """The process with its application and what the application pages show of it, or 404."""
    return get_object_or_404(AssessmentProcess.objects.select_related(*APPLICATION_RELATED), pk=pk)
