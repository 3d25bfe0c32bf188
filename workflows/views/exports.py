"""Workbooks from the work area: the recap of a region and the score sheet of one application.

Both are scoped by the one permission backend: the recap by the regions where the user holds
EXPORT_RECAP (a coordinator exports their own region, the national viewer any), the score sheet by
VIEW_APPLICATION on the application.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from assessment.excel import xlsx_response
from assessment.excel.recap import build_recap, recap_filename
from assessment.excel.score_sheet import build_score_sheet, score_sheet_filename
from assessment.models import Cycle, Level, Region
from assessment.models.regions import CODE_PATTERN
from assessment.perms import EXPORT_RECAP, VIEW_APPLICATION
from assessment.scorecard import panels_still_scoring

from ..models import AssessmentProcess
from ..permissions import EVERYWHERE, has_perm_anywhere, regions_for
from .lookups import process_or_404


def may_export(user, region: Region) -> bool:
    """Whether `user` may export the recap of `region`: it lies inside one of their EXPORT_RECAP regions."""
    return user.has_perm(EXPORT_RECAP, region)


def exportable_regions(user) -> list[Region]:
    """The regions offered on the recap page: the user's own, and one level below each."""
    codes = regions_for(user, EXPORT_RECAP)
    if codes is EVERYWHERE:
        regions = Region.objects.filter(level__in=[Level.PROVINCE, Level.CITY])
    else:
        regions = Region.objects.filter(Q(code__in=codes) | Q(parent_id__in=codes, level__lte=Level.DISTRICT))
    return list(regions.order_by("code"))


class RecapForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Region"))
    cycle = forms.ChoiceField(label=gettext_lazy("Cycle"), required=False)

    def __init__(self, *args, regions, years, **kwargs):
        super().__init__(*args, **kwargs)
        top = min((region.level for region in regions), default=Level.PROVINCE)
        # Regions one level below another are indented under it.
        self.fields["region"].choices = [(region.code, f"{'· ' * (region.level - top)}{region.name} ({region.code})")
                                         for region in regions]
        self.fields["cycle"].choices = [("", _("All cycles")), *[(str(year), str(year)) for year in years]]


class RecapView(TemplateView):
    """The recap page: choose a region and a cycle, download the workbook."""

    template_name = "workflows/recap/page.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, EXPORT_RECAP):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        years = Cycle.objects.order_by("-year").values_list("year", flat=True).distinct()
        form = RecapForm(regions=exportable_regions(self.request.user), years=list(years))
        return super().get_context_data(form=form, **kwargs)


class RecapDownloadView(View):
    """`?region=CODE&cycle=YEAR`: 400 for a malformed request, 404 for an unknown region, 403 outside the
    user's regions."""

    def get(self, request, *args, **kwargs):
        code = request.GET.get("region", "").strip()
        year = request.GET.get("cycle", "").strip()
        if not CODE_PATTERN.match(code):
            return HttpResponseBadRequest(_("Choose a region by its code, such as 63.71."),
                                          content_type="text/plain; charset=utf-8")
        if year and not (year.isascii() and year.isdigit() and len(year) == 4):
            return HttpResponseBadRequest(_("The cycle is a year, such as 2025."),
                                          content_type="text/plain; charset=utf-8")
        region = get_object_or_404(Region, code=code)
        if not may_export(request.user, region):
            raise PermissionDenied
        year = int(year) if year else None
        response = xlsx_response(build_recap(region, year), filename=recap_filename(region, year))
        response["Cache-Control"] = "private, no-store"
        return response


class ScoreSheetView(View):
    @cached_property
    def process(self) -> AssessmentProcess:
        return process_or_404(self.kwargs["process_pk"])

    def get(self, request, *args, **kwargs):
        application = self.process.application
        if not request.user.has_perm(VIEW_APPLICATION, application):
            raise PermissionDenied
        # A panel member still scoring must not read the others' figures or comments (the panel is blind).
        workbook = build_score_sheet(application, withheld=panels_still_scoring(application, request.user))
        response = xlsx_response(workbook, filename=score_sheet_filename(application))
        response["Cache-Control"] = "private, no-store"
        return response
