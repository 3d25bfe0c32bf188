import datetime

import pytest
from django.utils import timezone

from assessment.models import Cycle
from workflows.roles import Role

BILU = "63.71.02.1004"


@pytest.fixture
def cycle(kalsel, framework):
    today = timezone.localdate()
    return Cycle.objects.create(framework=framework, region_id="63.71", year=today.year,
                                opens_on=today - datetime.timedelta(days=30),
                                closes_on=today + datetime.timedelta(days=120))


@pytest.fixture
def people(member):
    """One person per role for Sungai Bilu, Banjarmasin and South Kalimantan, plus outsiders."""

    class People:
        operator = member(Role.OPERATOR, BILU, username="operator")
        lurah = member(Role.LURAH, BILU, username="lurah")
        coordinator = member(Role.CITY_COORDINATOR, "63.71", username="coordinator")
        reviewer = member(Role.CITY_REVIEWER, "63.71", username="reviewer")
        reviewer2 = member(Role.CITY_REVIEWER, "63.71", username="reviewer2")
        province = member(Role.PROVINCE_COORDINATOR, "63", username="province")
        evaluator1 = member(Role.PROVINCE_EVALUATOR, "63", username="evaluator1")
        evaluator2 = member(Role.PROVINCE_EVALUATOR, "63", username="evaluator2")
        # Outsiders: the same roles elsewhere.
        other_operator = member(Role.OPERATOR, "63.71.02.1001", username="operator_kuripan")
        banjarbaru_reviewer = member(Role.CITY_REVIEWER, "63.72", username="reviewer_banjarbaru")
        banjarbaru_coordinator = member(Role.CITY_COORDINATOR, "63.72", username="coordinator_banjarbaru")

    return People
