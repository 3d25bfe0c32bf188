"""The recap in the work area and from the command line: scoped by region, refusing bad requests."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from assessment.models import Cycle, Region
from tests.assessment_data import Journey
from workflows.roles import Role

from .walk import client_for

pytestmark = pytest.mark.django_db

PAGE = "/en/workflow/assessment/recap/"
DOWNLOAD = "/workflow/assessment/recap.xlsx"


@pytest.fixture
def applications(cycle, people):
    """Two Banjarmasin applications and one in Banjarbaru."""
    banjarbaru = Cycle.objects.create(framework=cycle.framework, region_id="63.72", year=cycle.year,
                                      opens_on=cycle.opens_on, closes_on=cycle.closes_on)
    return [Journey(cycle, "63.71.02.1004", people).submit(), Journey(cycle, "63.71.01.1002", people),
            Journey(banjarbaru, "63.72.02.1004", people)]


def codes_in(response) -> list[str]:
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    return [row[0] for row in rows]


@pytest.fixture
def national(member):
    return member(Role.NATIONAL_VIEWER, None, username="nasional")


def test_a_city_coordinator_exports_their_city_only(people, applications):
    client = client_for(people.coordinator)
    assert codes_in(client.get(DOWNLOAD, {"region": "63.71"})) == ["63.71.01.1002", "63.71.02.1004"]
    assert codes_in(client.get(DOWNLOAD, {"region": "63.71.02"})) == ["63.71.02.1004"]
    for elsewhere in ("63.72", "63", "63.72.02"):
        assert client.get(DOWNLOAD, {"region": elsewhere}).status_code == 403, elsewhere


def test_banjarbaru_cannot_export_banjarmasin(people, applications):
    client = client_for(people.banjarbaru_coordinator)
    assert client.get(DOWNLOAD, {"region": "63.71"}).status_code == 403
    assert codes_in(client.get(DOWNLOAD, {"region": "63.72"})) == ["63.72.02.1004"]


def test_the_province_exports_its_province_and_the_national_viewer_any_region(people, applications, national):
    Region.objects.create(code="64", name="Kalimantan Timur", level=1, kind="provinsi")
    province = client_for(people.province)
    assert len(codes_in(province.get(DOWNLOAD, {"region": "63"}))) == 3
    assert province.get(DOWNLOAD, {"region": "64"}).status_code == 403
    viewer = client_for(national)
    assert len(codes_in(viewer.get(DOWNLOAD, {"region": "63"}))) == 3
    assert codes_in(viewer.get(DOWNLOAD, {"region": "63.72"})) == ["63.72.02.1004"]
    assert codes_in(viewer.get(DOWNLOAD, {"region": "64"})) == []


@pytest.mark.parametrize("who", ["operator", "lurah", "reviewer", "evaluator1"])
def test_people_without_the_recap_permission_get_403(people, applications, who):
    client = client_for(getattr(people, who))
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD, {"region": "63.71.02.1004"}).status_code == 403


def test_bad_requests(people, applications):
    client = client_for(people.coordinator)
    assert client.get(DOWNLOAD).status_code == 400
    assert client.get(DOWNLOAD, {"region": "63.71'; --"}).status_code == 400
    assert client.get(DOWNLOAD, {"region": "63.71", "cycle": "tahun ini"}).status_code == 400
    assert client.get(DOWNLOAD, {"region": "63.71", "cycle": "²⁰²⁵"}).status_code == 400  # digits, not a year
    assert client.get(DOWNLOAD, {"region": "63.99"}).status_code == 404
    year = applications[0].application.cycle.year
    assert codes_in(client.get(DOWNLOAD, {"region": "63.71", "cycle": str(year - 1)})) == []


def test_the_download_is_named_after_region_and_cycle(people, applications):
    response = client_for(people.coordinator).get(DOWNLOAD, {"region": "63.71", "cycle": "2026"})
    assert 'filename="rekap-krppa-63.71-2026.xlsx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_page_offers_the_users_own_regions(people, national):
    page = client_for(people.coordinator).get(PAGE)
    choices = [code for code, _label in page.context["form"].fields["region"].choices]
    assert choices[0] == "63.71"
    assert set(choices[1:]) == set(Region.objects.filter(parent_id="63.71").values_list("code", flat=True))
    assert 'action="/en/workflow/assessment/recap.xlsx"' in page.content.decode()
    national_choices = [code for code, _label in client_for(national).get(PAGE).context["form"].fields["region"]
                        .choices]
    assert "63" in national_choices and "63.72" in national_choices


def test_the_work_area_home_links_the_recap_for_those_who_may_export(people):
    assert "/workflow/assessment/recap/" in client_for(people.coordinator).get("/workflow/work/").content.decode()
    assert "/workflow/assessment/recap/" not in client_for(people.operator).get("/workflow/work/").content.decode()


# -- the command -------------------------------------------------------------------------------------

def test_the_command_writes_the_recap_of_any_region(applications, tmp_path):
    output = tmp_path / "rekap.xlsx"
    stdout = io.StringIO()
    call_command("export_recap", "--region", "63.71", "--output", str(output), stdout=stdout)
    workbook = openpyxl.load_workbook(output)
    assert [row[0] for row in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)] == [
        "63.71.01.1002", "63.71.02.1004"]
    assert workbook.sheetnames == ["Petunjuk", "Ringkasan", "Pengajuan"]  # Indonesian by default
    assert "Kota Banjarmasin" in stdout.getvalue()


def test_the_command_filters_by_cycle_year(applications, tmp_path):
    output = tmp_path / "rekap.xlsx"
    year = applications[0].application.cycle.year
    call_command("export_recap", "--region", "63", "--cycle", str(year - 1), "--output", str(output),
                 stdout=io.StringIO())
    assert list(openpyxl.load_workbook(output).worksheets[2].iter_rows(min_row=2)) == []


@pytest.mark.parametrize("region, message", [("63.99", "There is no region with code 63.99"),
                                             ("banjarmasin", "is not a region code")])
def test_the_command_refuses_an_unknown_or_malformed_region(kalsel, tmp_path, region, message):
    output = tmp_path / "rekap.xlsx"
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("export_recap", "--region", region, "--output", str(output))
    assert not output.exists()
