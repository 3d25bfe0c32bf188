"""The permission strings of the domain, asked as `user.has_perm(PERM, obj)`.

Who holds which is decided by role and region in `workflows.roles` and the object-permission
backend; the domain only names them.
"""

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
