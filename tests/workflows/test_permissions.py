"""The one object-permission backend, for every role inside and outside its region."""

import pytest

from assessment.models import Region
from tests.factories import ApplicationFactory
from workflows import roles
from workflows.permissions import filter_by_region, has_perm_anywhere, regions_for
from workflows.roles import Role

BILU = "63.71.02.1004"          # Sungai Bilu, Banjarmasin Timur, Kota Banjarmasin
KURIPAN = "63.71.02.1001"       # another kelurahan of the same kecamatan
BANJARBARU_KELURAHAN = "63.72.02.1003"

# role, region held, perm, inside object's region, outside object's region
CASES = [
    (Role.OPERATOR, BILU, roles.FILL_SELF_ASSESSMENT, BILU, KURIPAN),
    (Role.OPERATOR, BILU, roles.UPLOAD_EVIDENCE, BILU, KURIPAN),
    (Role.LURAH, BILU, roles.SUBMIT_SELF_ASSESSMENT, BILU, KURIPAN),
    (Role.CITY_COORDINATOR, "63.71", roles.SCREEN_APPLICATION, KURIPAN, BANJARBARU_KELURAHAN),
    (Role.CITY_COORDINATOR, "63.71", roles.DECIDE_CITY, BILU, BANJARBARU_KELURAHAN),
    (Role.CITY_REVIEWER, "63.71", roles.REVIEW_CITY, BILU, BANJARBARU_KELURAHAN),
    (Role.CITY_REVIEWER, "63.72", roles.REVIEW_CITY, BANJARBARU_KELURAHAN, BILU),
    (Role.PROVINCE_COORDINATOR, "63", roles.DECIDE_PROVINCE, BANJARBARU_KELURAHAN, "64.71.01.1001"),
    (Role.PROVINCE_EVALUATOR, "63", roles.EVALUATE_PROVINCE, BILU, "64.71.01.1001"),
]


@pytest.fixture
def bilu_application(kalsel, framework):
    return ApplicationFactory()


class FakeObject:
    def __init__(self, region_code):
        self.region_code = region_code


@pytest.mark.parametrize("role, held, perm, inside, outside", CASES)
def test_role_has_its_permission_inside_its_region_only(member, role, held, perm, inside, outside):
    user = member(role, held)
    assert user.has_perm(perm, FakeObject(inside))
    assert not user.has_perm(perm, FakeObject(outside))
    # Without an object the question means "everywhere", which no regional role can claim.
    assert not user.has_perm(perm)
    assert has_perm_anywhere(user, perm)


@pytest.mark.parametrize("role, held, perm", [
    (Role.OPERATOR, BILU, roles.SUBMIT_SELF_ASSESSMENT),
    (Role.LURAH, BILU, roles.FILL_SELF_ASSESSMENT),
    (Role.CITY_REVIEWER, "63.71", roles.DECIDE_CITY),
    (Role.CITY_COORDINATOR, "63.71", roles.REVIEW_CITY),
    (Role.PROVINCE_EVALUATOR, "63", roles.DECIDE_PROVINCE),
    (Role.PROVINCE_COORDINATOR, "63", roles.SCREEN_APPLICATION),
    (Role.NATIONAL_VIEWER, None, roles.DECIDE_PROVINCE),
    (Role.CMS_EDITOR, None, roles.VIEW_APPLICATION),
])
def test_role_lacks_other_roles_permissions_even_in_its_region(member, role, held, perm):
    user = member(role, held)
    assert not user.has_perm(perm, FakeObject(BILU))
    assert not has_perm_anywhere(user, perm)


def test_national_viewer_reads_everything_and_changes_nothing(member):
    viewer = member(Role.NATIONAL_VIEWER)
    assert viewer.has_perm(roles.VIEW_APPLICATION, FakeObject("91.03.01.3007"))
    assert viewer.has_perm(roles.VIEW_DASHBOARD)
    assert not viewer.has_perm(roles.FILL_SELF_ASSESSMENT, FakeObject(BILU))


def test_real_objects_carry_their_region(member, bilu_application):
    operator = member(Role.OPERATOR, BILU)
    stranger = member(Role.OPERATOR, KURIPAN)
    reviewer = member(Role.CITY_REVIEWER, "63.72")
    assert operator.has_perm(roles.VIEW_APPLICATION, bilu_application)
    assert operator.has_perm(roles.START_APPLICATION, Region.objects.get(code=BILU))
    assert operator.has_perm(roles.VIEW_APPLICATION, bilu_application.cycle) is False  # a city's cycle
    assert not stranger.has_perm(roles.VIEW_APPLICATION, bilu_application)
    assert not reviewer.has_perm(roles.VIEW_APPLICATION, bilu_application)


def test_querysets_are_scoped_by_the_same_memberships(member, bilu_application, framework):
    from assessment.models import Application

    ApplicationFactory(cycle=bilu_application.cycle, kelurahan_id=KURIPAN)
    banjarbaru = ApplicationFactory(cycle__region_id="63.72", kelurahan_id=BANJARBARU_KELURAHAN)
    everyone = Application.objects.all()
    coordinator = member(Role.CITY_COORDINATOR, "63.71")
    operator = member(Role.OPERATOR, BILU)
    nobody = member(Role.CMS_EDITOR)
    province = member(Role.PROVINCE_EVALUATOR, "63")
    field = "kelurahan__code"
    assert set(filter_by_region(everyone, coordinator, roles.VIEW_APPLICATION, field)) == {
        bilu_application, Application.objects.get(kelurahan_id=KURIPAN)}
    assert list(filter_by_region(everyone, operator, roles.VIEW_APPLICATION, field)) == [bilu_application]
    assert not filter_by_region(everyone, nobody, roles.VIEW_APPLICATION, field).exists()
    assert filter_by_region(everyone, province, roles.VIEW_APPLICATION, field).count() == 3
    assert banjarbaru not in filter_by_region(everyone, coordinator, roles.VIEW_APPLICATION, field)
    assert regions_for(coordinator, roles.VIEW_APPLICATION) == ["63.71"]


def test_inactive_and_anonymous_users_have_nothing(member):
    from django.contrib.auth.models import AnonymousUser

    user = member(Role.CITY_COORDINATOR, "63.71")
    user.is_active = False
    user.save()
    assert not user.has_perm(roles.SCREEN_APPLICATION, FakeObject(BILU))
    assert not AnonymousUser().has_perm(roles.VIEW_APPLICATION, FakeObject(BILU))


def test_superuser_has_everything(db, kalsel):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True)
    assert admin.has_perm(roles.DECIDE_PROVINCE, FakeObject(BILU))
    assert regions_for(admin, roles.VIEW_APPLICATION) is None


@pytest.mark.parametrize("role, region, problem", [
    (Role.OPERATOR, "63.71", "level"),
    (Role.OPERATOR, "63.01.01.2001", "kelurahan"),
    (Role.CITY_COORDINATOR, "63", "level"),
    (Role.PROVINCE_COORDINATOR, None, "needs a region"),
    (Role.NATIONAL_VIEWER, "63", "nation-wide"),
])
def test_memberships_must_fit_their_role(kalsel, role, region, problem):
    from django.core.exceptions import ValidationError

    from tests.factories import UserFactory
    from workflows.models import Membership

    membership = Membership(user=UserFactory(), role=role, region_id=region)
    with pytest.raises(ValidationError):
        membership.full_clean()
