"""The coordinators' dashboard: coverage against the target, the pipeline, overdue tasks, expiring designations.

One view for every level: a city coordinator lands on their city (rows per kecamatan), a province
coordinator on their province (rows per city), the national viewer on the nation (rows per province),
and each may drill down inside their own region — never outside it.
"""

import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from assessment.actions import Refused, set_coverage_target
from assessment.coverage import (
    CODE_LENGTH,
    REPORTED_CODE_PATTERN,
    Figures,
    Place,
    TargetProgress,
    child_length,
    reported_region,
    snapshot,
    targets_for,
)
from assessment.coverage_chart import coverage_chart
from assessment.models import CoverageTarget, Level, Region
from assessment.perms import SET_TARGET, VIEW_DASHBOARD

from ..dashboard import (
    expiring_by_prefix,
    expiring_designations,
    expiry_horizon,
    overdue_by_prefix,
    overdue_tasks,
    pipeline_by_prefix,
    stage_totals,
)
from ..flows import AssessmentFlow
from ..permissions import EVERYWHERE, has_perm_anywhere, regions_for

REGION_CODE = re.compile(REPORTED_CODE_PATTERN)
LIST_LIMIT = 20  # overdue tasks and expiring designations shown; the counts above them are complete


def may_view_dashboard(user) -> bool:
    return user.is_authenticated and has_perm_anywhere(user, VIEW_DASHBOARD)


def _inside(code: str | None, regions) -> bool:
    if regions is EVERYWHERE:
        return True
    return code is not None and any(code == region or code.startswith(f"{region}.") for region in regions)


def dashboard_url(code: str | None) -> str:
    url = reverse("dashboard:index")
    return f"{url}?region={code}" if code else url


@dataclass(frozen=True)
class ChildRow:
    figures: Figures
    target: CoverageTarget | None
    open_applications: int
    overdue: int
    expiring: int
    url: str | None


@dataclass(frozen=True)
class OverdueTask:
    task: object
    kelurahan: Region
    due: object
    days_late: int
    url: str

    @classmethod
    def of(cls, task, now) -> "OverdueTask":
        application = task.process.assessmentprocess.application
        return cls(task=task, kelurahan=application.kelurahan, due=task.due, days_late=(now - task.due).days,
                   url=AssessmentFlow.instance.reverse("process_detail", args=[task.process_id]))


class CoverageTargetForm(forms.Form):
    target_percent = forms.IntegerField(label=_("Target coverage (%)"), min_value=1, max_value=100)
    target_year = forms.IntegerField(label=_("By the end of"), min_value=2000, max_value=2100)


class DashboardView(TemplateView):
    template_name = "workflows/dashboard/region.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _region(self, regions):
        """The region asked for (?region=), else the user's own widest one; 404 outside the user's regions."""
        code = self.request.GET.get("region") or None
        if code is None and regions is not EVERYWHERE:
            code = min(regions, key=len)
        if code is None:
            return None, []
        if not REGION_CODE.match(code) or not _inside(code, regions):
            raise Http404
        found = reported_region(code)
        if found is None:
            raise Http404
        region, ancestors = found
        return region, [ancestor for ancestor in ancestors if _inside(ancestor.code, regions)]

    def get_context_data(self, **kwargs):
        user = self.request.user
        regions = regions_for(user, VIEW_DASHBOARD)
        region, ancestors = self._region(regions)
        now, today = timezone.now(), timezone.localdate()
        current = snapshot(region, today=today)
        coverage = current.coverage
        figures, place = coverage.figures, coverage.figures.place
        length = child_length(place)
        pipeline = pipeline_by_prefix(place.code, length)
        overdue_counts = overdue_by_prefix(place.code, length, now)
        expiring_counts = expiring_by_prefix(place.code, length, today)
        child_codes = [child.place.code for child in coverage.children]
        # Targets are set per city: the city's own is in the snapshot, its children's only one level up.
        targets = targets_for(child_codes) if child_length(place) == CODE_LENGTH[Level.CITY] else {}
        target = current.target
        rows = [
            ChildRow(figures=child, target=targets.get(child.place.code),
                     open_applications=sum(pipeline.get(child.place.code, {}).values()),
                     overdue=overdue_counts.get(child.place.code, 0),
                     expiring=expiring_counts.get(child.place.code, 0),
                     url=dashboard_url(child.place.code) if child.place.level <= Level.DISTRICT else None)
            for child in coverage.children
        ]
        may_set_target = region is not None and region.level == Level.CITY and user.has_perm(SET_TARGET, region)
        return super().get_context_data(
            place=place, figures=figures, rows=rows,
            ancestors=[(Place.of(ancestor), dashboard_url(ancestor.code)) for ancestor in ancestors],
            nation_url=dashboard_url(None) if regions is EVERYWHERE else None,
            own_regions=[(name, dashboard_url(code)) for code, name in
                         Region.objects.filter(code__in=regions).values_list("code", "name")]
            if regions is not EVERYWHERE and len(regions) > 1 else [],
            child_level=Level(place.level + 1), target=TargetProgress(target, figures) if target else None,
            chart=coverage_chart(current.history, target_percent=target.target_percent if target else None),
            stages=stage_totals(pipeline),
            overdue_total=sum(overdue_counts.values()),
            overdue=[OverdueTask.of(task, now) for task in overdue_tasks(place.code, now).select_related(
                "owner", "process__assessmentprocess__application__kelurahan__parent")[:LIST_LIMIT]],
            expiring_total=sum(expiring_counts.values()),
            expiring=list(expiring_designations(place.code, today)
                          .select_related("kelurahan__parent", "category")[:LIST_LIMIT]),
            expiry_horizon=expiry_horizon(today),
            target_form=CoverageTargetForm(initial={"target_percent": target.target_percent if target else 100,
                                                    "target_year": target.target_year if target else today.year + 1})
            if may_set_target else None,
            **kwargs)


class SetTargetView(View):
    """POST only: the city's target from the dashboard form, through `set_coverage_target`."""

    def post(self, request, code: str):
        if not may_view_dashboard(request.user):
            raise PermissionDenied
        city = get_object_or_404(Region, code=code, level=Level.CITY)
        if not request.user.has_perm(VIEW_DASHBOARD, city):
            raise Http404
        if not request.user.has_perm(SET_TARGET, city):
            raise PermissionDenied
        form = CoverageTargetForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(dashboard_url(code))
        try:
            target = set_coverage_target(city=city, target_percent=form.cleaned_data["target_percent"],
                                         target_year=form.cleaned_data["target_year"], by=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Target set: %(percent)s%% of kelurahan by %(year)s.")
                             % {"percent": target.target_percent, "year": target.target_year})
        return redirect(dashboard_url(code))
