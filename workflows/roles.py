"""The people of DESIGN.md §1, the region level each works at, and what each may do.

Permissions are plain strings asked through `user.has_perm(perm, obj)`; the region part of the
answer comes from the object (see `workflows.permissions`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import Level
from assessment.perms import (
    ASSIGN_PROVINCE,
    DECIDE_CITY,
    DECIDE_PROVINCE,
    EVALUATE_PROVINCE,
    EXPORT_RECAP,
    FILL_SELF_ASSESSMENT,
    JUDGE_EVIDENCE,
    MANAGE_CYCLE,
    REVIEW_CITY,
    REVOKE_DESIGNATION,
    SCREEN_APPLICATION,
    SET_TARGET,
    START_APPLICATION,
    SUBMIT_SELF_ASSESSMENT,
    UPLOAD_EVIDENCE,
    VIEW_APPLICATION,
    VIEW_DASHBOARD,
    VIEW_EVIDENCE,
)


class Role(models.TextChoices):
    OPERATOR = "operator", _("Kelurahan operator")
    LURAH = "lurah", _("Lurah")
    CITY_COORDINATOR = "city_coordinator", _("City coordinator (DP3A kota)")
    CITY_REVIEWER = "city_reviewer", _("City reviewer")
    PROVINCE_COORDINATOR = "province_coordinator", _("Province coordinator (DP3A provinsi)")
    PROVINCE_EVALUATOR = "province_evaluator", _("Province evaluator")
    NATIONAL_VIEWER = "national_viewer", _("National viewer")
    CMS_EDITOR = "cms_editor", _("CMS editor")


# The level of region a role is held at; None means the role is nation-wide and has no region.
ROLE_LEVEL = {
    Role.OPERATOR: Level.VILLAGE,
    Role.LURAH: Level.VILLAGE,
    Role.CITY_COORDINATOR: Level.CITY,
    Role.CITY_REVIEWER: Level.CITY,
    Role.PROVINCE_COORDINATOR: Level.PROVINCE,
    Role.PROVINCE_EVALUATOR: Level.PROVINCE,
    Role.NATIONAL_VIEWER: None,
    Role.CMS_EDITOR: None,
}


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OPERATOR: frozenset({VIEW_APPLICATION, START_APPLICATION, FILL_SELF_ASSESSMENT, VIEW_EVIDENCE,
                              UPLOAD_EVIDENCE}),
    Role.LURAH: frozenset({VIEW_APPLICATION, SUBMIT_SELF_ASSESSMENT, VIEW_EVIDENCE}),
    Role.CITY_COORDINATOR: frozenset({VIEW_APPLICATION, START_APPLICATION, SCREEN_APPLICATION, DECIDE_CITY,
                                      VIEW_EVIDENCE, MANAGE_CYCLE, VIEW_DASHBOARD, EXPORT_RECAP, SET_TARGET}),
    Role.CITY_REVIEWER: frozenset({VIEW_APPLICATION, REVIEW_CITY, VIEW_EVIDENCE, JUDGE_EVIDENCE}),
    Role.PROVINCE_COORDINATOR: frozenset({VIEW_APPLICATION, ASSIGN_PROVINCE, DECIDE_PROVINCE, VIEW_EVIDENCE,
                                          VIEW_DASHBOARD, EXPORT_RECAP, REVOKE_DESIGNATION, MANAGE_CYCLE,
                                          SET_TARGET}),
    Role.PROVINCE_EVALUATOR: frozenset({VIEW_APPLICATION, EVALUATE_PROVINCE, VIEW_EVIDENCE, JUDGE_EVIDENCE}),
    Role.NATIONAL_VIEWER: frozenset({VIEW_APPLICATION, VIEW_DASHBOARD, EXPORT_RECAP}),
    Role.CMS_EDITOR: frozenset(),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())

# CMS editors reach /cms/ through this Wagtail group (created by Wagtail, given snippet rights by us).
EDITORS_GROUP = "Editors"
