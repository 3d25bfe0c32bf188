"""Criteria frameworks in Wagtail's admin: one snippet with drafts, publishing and revision history.

A framework that an application uses is frozen by the models; here the CMS says so before anyone
types: its edit form is locked with the reason shown, delete and unpublish are refused, and a
"new version" action copies it into an editable draft.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.locks import BaseLock
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, IndexView, SnippetViewSet, UnpublishView

from .models import Framework
from .models.frameworks import FrameworkInUse


def in_use_message(framework) -> str:
    return FrameworkInUse(framework).messages[0]


class FrameworkInUseLock(BaseLock):
    """Wagtail's lock, for a reason no one can lift: applications are scored with this framework."""

    def for_user(self, user):
        return True

    def get_message(self, user):
        return in_use_message(self.object)

    def get_description(self, user):
        return _("Applications are scored with this framework; a change needs a new version.")

    def get_locked_by(self, user):
        return _("In use")


class NewVersionUrlMixin:
    new_version_url_name = None

    def get_new_version_url(self):
        return reverse(self.new_version_url_name, args=[quote(self.object.pk)])


class FrameworkEditView(NewVersionUrlMixin, EditView):
    """Snippet edit view that turns read-only, with the reason, once the framework is in use."""

    @cached_property
    def framework_in_use(self):
        return self.object.is_in_use

    def get_lock(self):
        if self.framework_in_use:
            return FrameworkInUseLock(self.object)
        return super().get_lock()

    def get_lock_context(self):
        if not self.framework_in_use:
            return super().get_lock_context()
        if self.request.method == "GET":
            messages.warning(
                self.request,
                format_html('{} <a class="button button-small button-secondary" href="{}">{}</a>',
                            self.lock.get_message(self.request.user), self.get_new_version_url(),
                            _("Create a new version")),
                extra_tags="lock",
            )
        return {"lock": self.lock, "locked_for_user": True, "user_can_lock": False, "user_can_unlock": False}

    @cached_property
    def header_more_buttons(self):
        buttons = [button for button in super().header_more_buttons
                   if not (self.framework_in_use and button.url == self.get_delete_url())]
        if self.user_has_permission("add"):
            buttons.append(Button(_("New version"), url=self.get_new_version_url(), icon_name="copy", priority=15))
        return buttons

    def is_valid(self, form):
        """Publishing needs a framework that can be scored: the same checks as the fixture loader."""
        if not super().is_valid(form):
            return False
        if self.action != "publish":
            return True
        problems = form.save(commit=False).structure_problems()
        for problem in problems:
            form.add_error(None, problem)
        if problems:
            self.produced_error_code = "validation_error"
            self.produced_error_message = _("The framework cannot be published until these are fixed.")
        return not problems


class FrameworkIndexView(IndexView):
    """The list offers "New version" on every row, and no "Delete" where applications use the framework."""

    new_version_url_name = None

    def get_list_more_buttons(self, instance):
        # `application_count` comes from the viewset's queryset: no query per row.
        in_use = instance.application_count > 0
        delete_url = self.get_delete_url(instance)
        buttons = [button for button in super().get_list_more_buttons(instance)
                   if not (in_use and button.url == delete_url)]
        if self.user_has_permission("add"):
            buttons.append(MenuItem(_("New version"), url=reverse(self.new_version_url_name, args=[quote(instance.pk)]),
                                    icon_name="copy", priority=25))
        return buttons


class RefuseWhileInUse(NewVersionUrlMixin):
    """Delete and unpublish would change what reviewers score with; send the editor back with the reason."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_in_use:
            messages.error(request, in_use_message(self.object))
            return redirect(self.edit_url_name, quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)


class FrameworkDeleteView(RefuseWhileInUse, DeleteView):
    pass


class FrameworkUnpublishView(RefuseWhileInUse, UnpublishView):
    pass


class FrameworkNewVersionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then copy a framework (indicators, levels, evidence, categories) into a new draft."""

    model = Framework
    permission_required = "add"
    edit_url_name = None
    index_url_name = None
    header_icon = "copy"
    page_title = gettext_lazy("New version")
    template_name = "website/cms/framework_new_version.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Framework, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(self.index_url_name), "label": Framework._meta.verbose_name_plural.capitalize()},
            {"url": reverse(self.edit_url_name, args=[quote(self.object.pk)]), "label": str(self.object)},
            {"url": "", "label": _("New version")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(framework=self.object, in_use=self.object.is_in_use,
                       cancel_url=reverse(self.edit_url_name, args=[quote(self.object.pk)]))
        return context

    def post(self, request, *args, **kwargs):
        copy = self.object.copy_as_new_version()
        log(instance=copy, action="wagtail.create", user=request.user)
        messages.success(request, _("Draft “%(copy)s” created from “%(source)s”. Publish it when it is ready.")
                         % {"copy": copy, "source": self.object})
        return redirect(self.edit_url_name, quote(copy.pk))


def indicator_panels():
    return [
        FieldRowPanel([FieldPanel("number"), FieldPanel("max_points"), FieldPanel("slug")]),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        InlinePanel("levels", heading=gettext_lazy("Rubric levels"), label=gettext_lazy("Level"), min_num=2,
                    panels=[
                        FieldRowPanel([FieldPanel("label"), FieldPanel("label_en"), FieldPanel("points")]),
                        FieldPanel("descriptor"),
                        FieldPanel("descriptor_en"),
                    ]),
        InlinePanel("evidence_requirements", heading=gettext_lazy("Evidence to prepare"),
                    label=gettext_lazy("Evidence"),
                    panels=[
                        FieldPanel("title"),
                        FieldPanel("title_en"),
                        FieldPanel("description"),
                        FieldPanel("description_en"),
                        FieldPanel("required"),
                    ]),
    ]


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    icon = "list-ol"
    menu_label = gettext_lazy("Criteria frameworks")
    menu_order = 250
    add_to_admin_menu = True
    # "New version" replaces Wagtail's copy: it keeps the lineage (derived_from) and numbers the version.
    copy_view_enabled = False
    list_display = [
        "name",
        "year",
        "version",
        Column("application_count", label=gettext_lazy("Applications using it")),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["year", "live"]
    index_view_class = FrameworkIndexView
    edit_view_class = FrameworkEditView
    delete_view_class = FrameworkDeleteView
    unpublish_view_class = FrameworkUnpublishView

    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("name"),
            FieldPanel("name_en"),
            FieldRowPanel([FieldPanel("slug"), FieldPanel("year"), FieldPanel("version"),
                           FieldPanel("total_points")]),
            FieldPanel("introduction"),
            FieldPanel("introduction_en"),
            FieldPanel("scoring_note"),
            FieldPanel("scoring_note_en"),
        ], heading=gettext_lazy("Framework")),
        ObjectList([
            InlinePanel("indicators", label=gettext_lazy("Indicator"), panels=indicator_panels()),
        ], heading=gettext_lazy("Indicators")),
        ObjectList([
            InlinePanel("categories", label=gettext_lazy("Category"), panels=[
                FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("min_points"),
                               FieldPanel("max_points")]),
                FieldPanel("description"),
                FieldPanel("description_en"),
            ]),
        ], heading=gettext_lazy("Categories")),
    ])

    def get_queryset(self, request):
        return Framework.objects.annotate(application_count=Count("cycles__applications"))

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(new_version_url_name=self.get_url_name("new_version"), **kwargs)

    @property
    def new_version_view(self):
        return self.construct_view(FrameworkNewVersionView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(f"new-version/<{self.pk_path_converter}:pk>/", self.new_version_view, name="new_version"),
        ]


register_snippet(FrameworkViewSet)
