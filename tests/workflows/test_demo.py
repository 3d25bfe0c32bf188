import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from assessment.models import AuditEvent, Framework, Region
from workflows.demo import DEMO_USERS
from workflows.models import Membership

pytestmark = pytest.mark.django_db


def counts():
    return {
        "regions": Region.objects.count(),
        "frameworks": Framework.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "pages": Page.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_demo_loader_builds_everything_and_a_second_run_changes_nothing():
    call_command("load_demo")
    first = counts()
    assert first["regions"] == 2186
    assert first["frameworks"] == 1
    assert first["users"] == len(DEMO_USERS)
    call_command("load_demo")
    assert counts() == first


def test_every_role_has_a_demo_account_with_the_documented_password():
    call_command("load_demo")
    users = get_user_model().objects
    for demo in DEMO_USERS:
        user = users.get(username=demo.username)
        assert user.check_password("krppa-demo")
        if demo.role:
            assert Membership.objects.filter(user=user, role=demo.role, region_id=demo.region).exists()
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").groups.filter(name="Editors").exists()


def test_demo_data_is_refused_where_it_is_switched_off(settings):
    settings.KRPPA_DEMO_DATA = False
    with pytest.raises(CommandError, match="switched off"):
        call_command("load_demo")
    assert get_user_model().objects.count() == 0
