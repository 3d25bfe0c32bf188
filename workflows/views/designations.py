"""The designation register: every designation the user may see, filtered; revoking one, with a reason."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView

from assessment.actions import Refused, revoke_designation
from assessment.models import Designation, DesignationStatus, Level, Region
from assessment.perms import REVOKE_DESIGNATION, VIEW_DASHBOARD

from ..dashboard import expiry_horizon
from ..permissions import filter_by_region
from .dashboard import may_view_dashboard


def visible_designations(user):
    return filter_by_region(Designation.objects.all(), user, VIEW_DASHBOARD, "kelurahan__code")


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(DesignationStatus.choices))
    city = forms.ChoiceField(label=_("City/regency"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    expiring = forms.BooleanField(label=_("Expiring within six months"), required=False)

    def __init__(self, *args, designations, **kwargs):
        super().__init__(*args, **kwargs)
        city_codes = designations.order_by().annotate(city=Substr("kelurahan_id", 1, 5)).values("city")
        cities = Region.objects.filter(level=Level.CITY, code__in=city_codes).values_list("code", "name")
        self.fields["city"].choices = [("", _("All"))] + list(cities)
        categories = designations.order_by("category__name").values_list("category__name", flat=True).distinct()
        self.fields["category"].choices = [("", _("All"))] + [(name, name) for name in categories]

    def apply(self, designations):
        if not self.is_valid():
            return designations.none()
        data = self.cleaned_data
        if data["status"]:
            designations = designations.filter(status=data["status"])
        if data["city"]:
            designations = designations.filter(kelurahan__code__startswith=f"{data['city']}.")
        if data["category"]:
            designations = designations.filter(category__name=data["category"])
        if data["expiring"]:
            designations = designations.active().filter(valid_until__lte=expiry_horizon(timezone.localdate()))
        return designations


class DesignationRegisterView(ListView):
    template_name = "workflows/dashboard/designations.html"
    context_object_name = "designations"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not may_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        visible = visible_designations(self.request.user)
        self.filter_form = RegisterFilterForm(self.request.GET or None, designations=visible)
        designations = self.filter_form.apply(visible) if self.request.GET else visible
        return designations.select_related("kelurahan__parent__parent", "category", "framework").order_by(
            "kelurahan_id", "-valid_from")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["revocable"] = {designation.pk for designation in context["designations"]
                                if designation.status == DesignationStatus.ACTIVE
                                and user.has_perm(REVOKE_DESIGNATION, designation)}
        return context


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("The kelurahan and the city will read this; it is kept in the audit log."))


class RevokeDesignationView(FormView):
    """A confirmation page: what is revoked, and why, before anything changes."""

    template_name = "workflows/dashboard/revoke.html"
    form_class = RevokeForm

    def dispatch(self, request, *args, **kwargs):
        if not may_view_dashboard(request.user):
            raise PermissionDenied
        self.designation = (visible_designations(request.user)
                            .select_related("kelurahan__parent__parent", "category", "revoked_by")
                            .filter(pk=kwargs["pk"]).first())
        if self.designation is None:
            raise Http404
        if not request.user.has_perm(REVOKE_DESIGNATION, self.designation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        is_active = self.designation.status == DesignationStatus.ACTIVE
        return super().get_context_data(designation=self.designation, is_active=is_active, **kwargs)

    def form_valid(self, form):
        try:
            revoke_designation(designation=self.designation, reason=form.cleaned_data["reason"],
                               by=self.request.user)
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The designation of %(kelurahan)s is revoked.")
                         % {"kelurahan": self.designation.kelurahan.name})
        return redirect(reverse("dashboard:designations"))
