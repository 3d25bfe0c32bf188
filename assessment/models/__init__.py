from .applications import (
    OPEN_STAGES,
    PHASE_OF_STAGE,
    Answer,
    Application,
    Cycle,
    Phase,
    Stage,
)
from .audit import AppendOnly, AuditEvent
from .coverage import CoverageTarget, ExpiryWarning, ExpiryWarningKind
from .designations import Designation, DesignationStatus
from .evidence import Evidence
from .frameworks import (
    Category,
    EvidenceRequirement,
    Framework,
    FrameworkInUse,
    Indicator,
    RubricLevel,
    framework_in_use,
)
from .regions import InvalidRegionCode, Kind, Level, Region, classify, parent_code
from .reviews import Decision, DecisionOutcome, Recommendation, Review, ReviewScore, ReviewStage

__all__ = [
    "OPEN_STAGES",
    "PHASE_OF_STAGE",
    "Answer",
    "AppendOnly",
    "Application",
    "AuditEvent",
    "Category",
    "CoverageTarget",
    "Cycle",
    "Decision",
    "DecisionOutcome",
    "Designation",
    "DesignationStatus",
    "Evidence",
    "EvidenceRequirement",
    "ExpiryWarning",
    "ExpiryWarningKind",
    "Framework",
    "FrameworkInUse",
    "Indicator",
    "InvalidRegionCode",
    "Kind",
    "Level",
    "Phase",
    "Recommendation",
    "Review",
    "ReviewScore",
    "ReviewStage",
    "Region",
    "RubricLevel",
    "Stage",
    "classify",
    "framework_in_use",
    "parent_code",
]
