"""/cakupan/: coverage drilled down from the nation to a kecamatan's kelurahan."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from assessment.coverage import (
    SNAPSHOT_SECONDS,
    Coverage,
    Place,
    TargetProgress,
    reported_region,
    snapshot,
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


def kelurahan_rows(coverage: Coverage, designations) -> list[KelurahanRow]:
    by_code = {designation.kelurahan_id: designation for designation in designations}
    rows = []
    for child in coverage.children:
        phases = [label for _phase, label, count in child.in_progress_list() if count]
        rows.append(KelurahanRow(child.place.code, child.place.name, by_code.get(child.place.code),
                                 phases[0] if phases else None))
    return rows


class CoverageView(TemplateView):
    """A region's coverage. The page body is cached under the snapshot's key (which changes with any
    designation or application), so the lists below are read only when the figures have changed."""

    template_name = "coverage/region.html"

    def get_context_data(self, code: str | None = None, **kwargs):
        region, ancestors = None, []
        if code is not None:
            found = reported_region(code)
            if found is None:
                raise Http404(_("There is no province, city or kecamatan with code %(code)s.") % {"code": code})
            region, ancestors = found
        current = snapshot(region)
        coverage, figures = current.coverage, current.figures
        place = figures.place
        target = current.target
        context = super().get_context_data(
            coverage=coverage, figures=figures, place=place, ancestors=[Place.of(a) for a in ancestors],
            children_heading=CHILDREN_HEADING[place.level], headline=sentence(figures),
            target=TargetProgress(target, figures) if target else None,
            chart=coverage_chart(current.history, target_percent=target.target_percent if target else None),
            cache_key=current.key, cache_seconds=SNAPSHOT_SECONDS,
            target_key=f"{target.target_percent}/{target.target_year}" if target else "", **kwargs)
        if place.level in (Level.CITY, Level.DISTRICT):
            # Lazy: read only when the cached body has to be rendered again.
            designations = (Designation.objects.active().within(place.code)
                            .select_related("kelurahan__parent", "category")
                            .only("kelurahan__name", "kelurahan__parent__name", "category__name", "sk_number",
                                  "sk_date", "valid_from", "valid_until")
                            .order_by("kelurahan__parent__name", "kelurahan__name"))
            context["designations"] = designations
            if place.level == Level.DISTRICT:
                context["kelurahan_rows"] = SimpleLazyObject(lambda: kelurahan_rows(coverage, designations))
        return context
