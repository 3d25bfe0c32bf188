"""Give Wagtail's Editors group what CMS editors need: the criteria frameworks, translations, publishing pages.

A data migration, not the demo loader, so that editors in production get the same rights. The project has
one editor role and no separate moderators, so editors also publish pages themselves.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
FRAMEWORK_PERMISSIONS = ["add_framework", "change_framework", "delete_framework", "view_framework"]
# Wagtail creates this one after migrating (snippets' post_migrate), too late for a fresh database.
FRAMEWORK_PUBLISH = ("publish_framework", "Can publish criteria framework")
TRANSLATION_PERMISSION = ("simple_translation", "submit_translation")
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def ensure_permissions_exist(apps):
    # On a fresh database Django creates model permissions only after every migration has run.
    for label in ("assessment", "simple_translation"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    framework_type, _created = ContentType.objects.get_or_create(app_label="assessment", model="framework")
    codename, name = FRAMEWORK_PUBLISH
    Permission.objects.get_or_create(content_type=framework_type, codename=codename, defaults={"name": name})


def editor_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    framework = Permission.objects.filter(
        content_type__app_label="assessment", codename__in=[*FRAMEWORK_PERMISSIONS, FRAMEWORK_PUBLISH[0]]
    )
    others = [
        permission
        for app_label, codename in (TRANSLATION_PERMISSION, ADMIN_ACCESS)
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    ]
    return [*framework, *others]


def page_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="wagtailcore", content_type__model="page",
                                     codename__in=PAGE_PERMISSIONS)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ensure_permissions_exist(apps)
    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(*editor_permissions(apps))
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for permission in page_permissions(apps):
            GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is None:
        return
    # Admin access came with Wagtail's own Editors group; only what this migration added is taken back.
    editors.permissions.remove(*[p for p in editor_permissions(apps) if p.codename != ADMIN_ACCESS[1]])
    # Wagtail's own initial data gives editors add and change; only publishing is ours to take back.
    GroupPagePermission.objects.filter(group=editors, page__depth=1, permission__codename="publish_page").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("website", "0002_criteria_page"),
        ("assessment", "0001_initial"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
