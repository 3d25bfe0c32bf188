import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from assessment.models import Application, AuditEvent, Designation, Framework, Region, Stage
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
    assert first["users"] > len(DEMO_USERS)  # plus an operator and a lurah per demo kelurahan
    call_command("load_demo")
    assert counts() == first


def test_demo_tells_banjarmasins_story_through_the_real_flow():
    call_command("load_demo")
    banjarmasin = Application.objects.within("63.71")
    designated = Designation.objects.active().within("63.71")
    assert designated.count() == 11
    names = set(designated.values_list("kelurahan__name", flat=True))
    assert {"Sungai Bilu", "Sungai Baru", "Alalak Selatan", "Tanjung Pagar", "Telaga Biru"} <= names
    open_now = banjarmasin.open()
    assert open_now.filter(stage=Stage.PROVINCE_EVALUATION).count() == 2
    for stage in (Stage.SELF_ASSESSMENT, Stage.LURAH_SUBMIT, Stage.CITY_SCREENING, Stage.CITY_REVIEW,
                  Stage.CITY_DECISION):
        assert open_now.filter(stage=stage).exists(), stage
    started = set(banjarmasin.values_list("kelurahan_id", flat=True))
    assert Region.objects.below("63.71").kelurahan().exclude(code__in=started).count() == 52 - len(started)
    assert len(started) < 52 - 25
    # Histories are real: every designated application went through every step, by the right people.
    bilu = designated.get(kelurahan__name="Sungai Bilu").application
    actions = list(bilu.audit_events.values_list("action", flat=True))
    assert actions[0] == "application.started" and actions[-1] == "designation.written"
    assert "self_assessment.submitted" in actions and "province.panel_assigned" in actions
    assert bilu.process.status == "DONE"


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
