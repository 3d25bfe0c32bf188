from django.views.generic import TemplateView

from ..models import Membership
from .dashboard import may_view_dashboard


class WorkHomeView(TemplateView):
    """The first page after login: who you are here, and where your work is."""

    template_name = "workflows/home.html"

    def get_context_data(self, **kwargs):
        memberships = Membership.objects.filter(user=self.request.user).select_related("region")
        return super().get_context_data(memberships=memberships,
                                        may_view_dashboard=may_view_dashboard(self.request.user), **kwargs)
