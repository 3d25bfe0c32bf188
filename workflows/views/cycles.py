"""A city coordinator's cycles: create one, and open it for every kelurahan still to go — the way to full coverage.

Opening is two steps: the page shows how many kelurahan (and which) would get an application, and
nothing is created until the coordinator confirms that count.
"""

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from assessment import actions
from assessment.models import Cycle, Designation, Framework, Level, Region
from assessment.perms import MANAGE_CYCLE, START_APPLICATION

from ..actions import open_applications
from ..permissions import EVERYWHERE, region_q, regions_for

DEADLINE_FIELDS = ["self_assessment_days", "lurah_submit_days", "city_screening_days", "city_review_days",
                   "city_decision_days", "province_assignment_days", "province_evaluation_days",
                   "province_decision_days"]


def managed_cities(user):
    """Cities where `user` may both manage cycles and start applications (a city coordinator's city)."""
    cities = Region.objects.filter(level=Level.CITY)
    for permission in (MANAGE_CYCLE, START_APPLICATION):
        codes = regions_for(user, permission)
        if codes is not EVERYWHERE:
            cities = cities.filter(region_q(codes, "code")) if codes else cities.none()
    return cities.order_by("code")


class CoordinatorOnly:
    def dispatch(self, request, *args, **kwargs):
        if not managed_cities(request.user).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CycleOverviewView(CoordinatorOnly, generic.TemplateView):
    """Each city the coordinator manages: its kelurahan, how many are designated, and its cycles."""

    template_name = "workflows/cycles/overview.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = []
        for city in managed_cities(self.request.user):
            kelurahan = Region.objects.below(city.code).kelurahan().count()
            designated = Designation.objects.active().within(city.code).count()
            cycles = list(Cycle.objects.filter(region=city).annotate(applied=Count("applications"))
                          .select_related("framework").order_by("-year"))
            for cycle in cycles:
                cycle.to_open = cycle.kelurahan_to_open().count() if cycle.is_open(today) else None
            rows.append({"city": city, "kelurahan": kelurahan, "designated": designated, "cycles": cycles,
                         "has_open": any(cycle.is_open(today) for cycle in cycles)})
        return super().get_context_data(rows=rows, **kwargs)


class OpenCycleForm(forms.Form):
    ALL, CHOSEN = "all", "chosen"
    scope = forms.ChoiceField(label=gettext_lazy("Which kelurahan"), widget=forms.RadioSelect, initial=ALL,
                              choices=[(ALL, gettext_lazy("All kelurahan not yet designated and without an "
                                                          "application in this cycle")),
                                       (CHOSEN, gettext_lazy("Only the kelurahan I tick below"))])
    kelurahan = forms.MultipleChoiceField(label=gettext_lazy("Kelurahan"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, city_kelurahan, **kwargs):
        super().__init__(*args, **kwargs)
        # Any kelurahan of the city is a valid choice: one that became ineligible between the count and the
        # confirmation is skipped with its reason; a kelurahan of another city makes the whole post invalid.
        self.fields["kelurahan"].choices = [(code, code) for code in city_kelurahan]

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.CHOSEN and not data.get("kelurahan"):
            self.add_error("kelurahan", _("Tick at least one kelurahan."))
        return data


class OpenCycleView(CoordinatorOnly, generic.FormView):
    """Choose the kelurahan, see the count, confirm: one application and process each."""

    template_name = "workflows/cycles/open.html"
    form_class = OpenCycleForm

    @cached_property
    def cycle(self) -> Cycle:
        cycle = get_object_or_404(Cycle.objects.select_related("region", "framework"), pk=self.kwargs["pk"])
        user = self.request.user
        if not (user.has_perm(MANAGE_CYCLE, cycle) and user.has_perm(START_APPLICATION, cycle)):
            raise Http404
        return cycle

    @cached_property
    def eligible(self) -> list[Region]:
        return list(self.cycle.kelurahan_to_open().select_related("parent").order_by("code"))

    def get_form_kwargs(self):
        city_kelurahan = Region.objects.below(self.cycle.region_id).kelurahan().values_list("code", flat=True)
        return {**super().get_form_kwargs(), "city_kelurahan": list(city_kelurahan)}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        ticked = set(form.data.getlist("kelurahan")) if form is not None and form.is_bound else set()
        return super().get_context_data(cycle=self.cycle, eligible=self.eligible, ticked=ticked,
                                        is_open=self.cycle.is_open(), **kwargs)

    def form_valid(self, form):
        if not self.cycle.is_open():
            form.add_error(None, _("The cycle %(cycle)s is not open.") % {"cycle": self.cycle})
            return self.form_invalid(form)
        if form.cleaned_data["scope"] == form.ALL:
            codes = [region.code for region in self.eligible]
        else:
            codes = form.cleaned_data["kelurahan"]
        if not form.cleaned_data["confirmed"]:
            chosen = [region for region in self.eligible if region.code in set(codes)]
            return self.render_to_response(self.get_context_data(form=form, chosen=chosen, confirming=True))
        # What was confirmed is the posted list; whatever changed since is reported as skipped.
        regions = list(Region.objects.below(self.cycle.region_id).kelurahan().filter(code__in=codes)
                       .order_by("code"))
        try:
            opening = open_applications(cycle=self.cycle, kelurahan=regions, by=self.request.user)
        except actions.Refused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(count)s application(s) opened in %(cycle)s; each operator was told.")
                         % {"count": len(opening.started), "cycle": self.cycle})
        for region, reason in opening.skipped:
            messages.warning(self.request, _("%(name)s was skipped: %(reason)s") % {"name": region.name,
                                                                                   "reason": reason})
        return HttpResponseRedirect(reverse("work:cycles"))


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["region", "framework", "year", "name", "opens_on", "closes_on", *DEADLINE_FIELDS,
                  "reminder_grace_days"]
        widgets = {"opens_on": forms.DateInput(attrs={"type": "date"}),
                   "closes_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = cities
        self.fields["region"].label = _("City")
        self.fields["framework"].queryset = Framework.objects.published().order_by("-year", "-version")


class CycleCreateView(CoordinatorOnly, generic.FormView):
    template_name = "workflows/cycles/new.html"
    form_class = CycleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cities": managed_cities(self.request.user)}

    def get_initial(self):
        today = timezone.localdate()
        cities = managed_cities(self.request.user)
        return {"year": today.year, "opens_on": today, "closes_on": datetime.date(today.year, 12, 31),
                "region": cities.first() if cities.count() == 1 else None,
                "framework": Framework.objects.published().order_by("-year", "-version").first()}

    def form_valid(self, form):
        data = form.cleaned_data
        given = actions.CycleInput(year=data["year"], opens_on=data["opens_on"], closes_on=data["closes_on"],
                                   name=data["name"], deadline_days={field: data[field] for field in DEADLINE_FIELDS},
                                   reminder_grace_days=data["reminder_grace_days"])
        try:
            cycle = actions.create_cycle(region=data["region"], framework=data["framework"], given=given,
                                         by=self.request.user)
        except actions.Refused as refused:
            form.add_error(None, refused.message)
            for detail in refused.details:
                form.add_error(None, detail)
            return self.form_invalid(form)
        messages.success(self.request, _("The cycle %(cycle)s was created.") % {"cycle": cycle})
        return HttpResponseRedirect(reverse("work:open_cycle", args=[cycle.pk]))


def may_open_cycles(user) -> bool:
    return user.is_authenticated and managed_cities(user).exists()
