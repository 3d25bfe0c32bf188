"""State changes of an application, from the first answer to the designation.

Each action checks that the application is at the right stage and that `by` may act on it,
changes what it must in one transaction, records an AuditEvent and returns its result. Views
show messages; the workflow routes on the stage an action leaves behind. An action that cannot
proceed raises `Refused` with a message for the user, and changes nothing.

One module per part of the lifecycle; every name is re-exported here, so callers write
`from assessment import actions` and `actions.save_review(...)`.
"""

from .base import DECISION_STAGE, REVIEW_PERMISSION, REVIEW_STAGE, Refused
from .cycles import CycleInput, create_cycle
from .designations import (
    MAX_TARGET_YEARS_AHEAD,
    expire_designations,
    revoke_designation,
    set_coverage_target,
    write_designation,
)
from .evidence import EVIDENCE_JUDGING_STAGES, EvidenceUpload, judge_evidence, upload_evidence, withdraw_evidence
from .reviews import (
    CITY_OUTCOMES,
    PROVINCE_OUTCOMES,
    ScoreInput,
    assign_province_panel,
    category_preview,
    decide_city,
    decide_province,
    return_as_incomplete,
    save_review,
    screen_application,
)
from .self_assessment import (
    AnswerInput,
    ensure_complete,
    missing_answers,
    return_to_operator,
    save_answers,
    send_to_lurah,
    start_application,
    submit_self_assessment,
)

__all__ = [
    "CITY_OUTCOMES", "DECISION_STAGE", "EVIDENCE_JUDGING_STAGES", "MAX_TARGET_YEARS_AHEAD", "PROVINCE_OUTCOMES",
    "REVIEW_PERMISSION", "REVIEW_STAGE", "AnswerInput", "CycleInput", "EvidenceUpload", "Refused", "ScoreInput",
    "assign_province_panel", "category_preview", "create_cycle", "decide_city", "decide_province",
    "ensure_complete", "expire_designations", "judge_evidence", "missing_answers", "return_as_incomplete",
    "return_to_operator", "revoke_designation", "save_answers", "save_review", "screen_application",
    "send_to_lurah", "set_coverage_target", "start_application", "submit_self_assessment", "upload_evidence",
    "withdraw_evidence", "write_designation",
]
