"""Load a criteria framework from its JSON description (see the KRPPA 2025 fixture)."""

import json
from pathlib import Path

from django.db import transaction

from .models import Category, EvidenceRequirement, Framework, Indicator, RubricLevel

FRAMEWORK_FIELDS = ["name", "name_en", "year", "version", "total_points", "introduction", "introduction_en",
                    "scoring_note", "scoring_note_en"]


@transaction.atomic
def load_framework(data: dict) -> tuple[Framework, bool]:
    """Create the framework described by `data` and publish it; an existing slug is left as it is."""
    existing = Framework.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False
    framework = Framework.objects.create(slug=data["slug"], live=True,
                                         **{name: data[name] for name in FRAMEWORK_FIELDS if name in data})
    for order, item in enumerate(data["indicators"]):
        indicator = Indicator.objects.create(
            framework=framework, sort_order=order,
            **{name: item[name] for name in ["number", "slug", "title", "title_en", "description",
                                             "description_en", "max_points"]},
        )
        for level_order, level in enumerate(item["levels"]):
            RubricLevel.objects.create(indicator=indicator, sort_order=level_order, **level)
        for requirement_order, requirement in enumerate(item["evidence"]):
            EvidenceRequirement.objects.create(indicator=indicator, sort_order=requirement_order, **requirement)
    for order, category in enumerate(data["categories"]):
        Category.objects.create(framework=framework, sort_order=order, **category)
    problems = framework.structure_problems()
    if problems:
        raise ValueError("; ".join(str(problem) for problem in problems))
    framework.save_revision().publish()
    framework.refresh_from_db()
    return framework, True


def load_framework_file(path: Path) -> tuple[Framework, bool]:
    return load_framework(json.loads(Path(path).read_text(encoding="utf-8")))
