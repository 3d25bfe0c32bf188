"""The workflow app's pages inside Wagtail's admin (/cms/)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .user_import.views import UserImportTemplateView, UserImportView


@hooks.register("register_admin_urls")
def register_user_import_urls():
    return [
        path("import-users/", UserImportView.as_view(), name="krppa_user_import"),
        path("import-users/template.xlsx", UserImportTemplateView.as_view(), name="krppa_user_import_template"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_user_import_menu_item():
    # Next to Wagtail's own "Users" entry (order 600).
    return SuperuserMenuItem(_("Import users"), reverse("krppa_user_import"), name="import-users",
                             icon_name="user", order=601)
