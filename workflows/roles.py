"""The people of DESIGN.md §1, the region level each works at, and what each may do.

Permissions are plain strings asked through `user.has_perm(perm, obj)`; the region part of the
answer comes from the object (see `workflows.permissions`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import Level


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

VIEW_APPLICATION = "assessment.view_application"
START_APPLICATION = "assessment.start_application"
FILL_SELF_ASSESSMENT = "assessment.fill_self_assessment"
SUBMIT_SELF_ASSESSMENT = "assessment.submit_self_assessment"
SCREEN_APPLICATION = "assessment.screen_application"
REVIEW_CITY = "assessment.review_city"
DECIDE_CITY = "assessment.decide_city"
ASSIGN_PROVINCE = "assessment.assign_province"
EVALUATE_PROVINCE = "assessment.evaluate_province"
DECIDE_PROVINCE = "assessment.decide_province"
VIEW_EVIDENCE = "assessment.view_evidence"
UPLOAD_EVIDENCE = "assessment.upload_evidence"
JUDGE_EVIDENCE = "assessment.judge_evidence"
MANAGE_CYCLE = "assessment.manage_cycle"
VIEW_DASHBOARD = "assessment.view_dashboard"
EXPORT_RECAP = "assessment.export_recap"
SET_TARGET = "assessment.set_target"
REVOKE_DESIGNATION = "assessment.revoke_designation"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OPERATOR: frozenset({VIEW_APPLICATION, START_APPLICATION, FILL_SELF_ASSESSMENT, VIEW_EVIDENCE,
                              UPLOAD_EVIDENCE}),
    Role.LURAH: frozenset({VIEW_APPLICATION, SUBMIT_SELF_ASSESSMENT, VIEW_EVIDENCE}),
    Role.CITY_COORDINATOR: frozenset({VIEW_APPLICATION, START_APPLICATION, SCREEN_APPLICATION, DECIDE_CITY,
                                      VIEW_EVIDENCE, MANAGE_CYCLE, VIEW_DASHBOARD, EXPORT_RECAP, SET_TARGET}),
    Role.CITY_REVIEWER: frozenset({VIEW_APPLICATION, REVIEW_CITY, VIEW_EVIDENCE, JUDGE_EVIDENCE}),
    Role.PROVINCE_COORDINATOR: frozenset({VIEW_APPLICATION, ASSIGN_PROVINCE, DECIDE_PROVINCE, VIEW_EVIDENCE,
                                          VIEW_DASHBOARD, EXPORT_RECAP, REVOKE_DESIGNATION, MANAGE_CYCLE}),
    Role.PROVINCE_EVALUATOR: frozenset({VIEW_APPLICATION, EVALUATE_PROVINCE, VIEW_EVIDENCE, JUDGE_EVIDENCE}),
    Role.NATIONAL_VIEWER: frozenset({VIEW_APPLICATION, VIEW_DASHBOARD, EXPORT_RECAP}),
    Role.CMS_EDITOR: frozenset(),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())

# CMS editors reach /cms/ through this Wagtail group (created by Wagtail, given snippet rights by us).
EDITORS_GROUP = "Editors"
