"""/cakupan/: coverage drilled down from the nation to a kecamatan's kelurahan."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from assessment.coverage import (
    Coverage,
    Place,
    TargetProgress,
    coverage_by_year,
    coverage_for,
    reported_region,
    targets_for,
)
from assessment.coverage_chart import coverage_chart
from assessment.models import Designation, Level

from .headline import sentence

CHILDREN_HEADING = {
    0: _("By province"),
    Level.PROVINCE: _("By city and regency"),
    Level.CITY: _("By kecamatan"),
    Level.DISTRICT: _("Kelurahan"),
}


@dataclass(frozen=True)
class KelurahanRow:
    """One kelurahan of a kecamatan: KRPPA (with its decree), in progress, or not started."""

    code: str
    name: str
    designation: Designation | None
    phase_label: str | None


def kelurahan_rows(coverage: Coverage, designations: list[Designation]) -> list[KelurahanRow]:
    by_code = {designation.kelurahan_id: designation for designation in designations}
    rows = []
    for child in coverage.children:
        phases = [label for _phase, label, count in child.in_progress_list() if count]
        rows.append(KelurahanRow(child.place.code, child.place.name, by_code.get(child.place.code),
                                 phases[0] if phases else None))
    return rows


class CoverageView(TemplateView):
    template_name = "coverage/region.html"

    def get_context_data(self, code: str | None = None, **kwargs):
        region, ancestors = None, []
        if code is not None:
            found = reported_region(code)
            if found is None:
                raise Http404(_("There is no province, city or kecamatan with code %(code)s.") % {"code": code})
            region, ancestors = found
        coverage = coverage_for(region)
        figures = coverage.figures
        place = figures.place
        target = targets_for([place.code]).get(place.code) if place.level == Level.CITY else None
        series = coverage_by_year(place, figures.kelurahan_total)
        context = super().get_context_data(
            coverage=coverage, figures=figures, place=place, ancestors=[Place.of(a) for a in ancestors],
            children_heading=CHILDREN_HEADING[place.level], headline=sentence(figures),
            target=TargetProgress(target, figures) if target else None,
            chart=coverage_chart(series, target_percent=target.target_percent if target else None), **kwargs)
        if place.level in (Level.CITY, Level.DISTRICT):
            designations = list(Designation.objects.active().within(place.code)
                                .select_related("kelurahan__parent", "category")
                                .order_by("kelurahan__parent__name", "kelurahan__name"))
            context["designations"] = designations
            if place.level == Level.DISTRICT:
                context["kelurahan_rows"] = kelurahan_rows(coverage, designations)
        return context
