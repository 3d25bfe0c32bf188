"""One application's score sheet from its page: the gap report, a native chart, comments and decisions."""

import io
import zipfile

import openpyxl
import pytest

from assessment.models import Review, ReviewScore, ReviewStage
from tests.assessment_data import Journey, points_of
from tests.excel_files import FORMULA_PAYLOADS, PAYLOAD_IDS
from workflows.flows import AssessmentFlow
from workflows.models import AssessmentProcess
from workflows.roles import Role

from .walk import client_for

pytestmark = pytest.mark.django_db

BILU = "63.71.02.1004"


def with_process(journey):
    """The application's page hangs off its Viewflow process; these journeys ran on the actions alone."""
    journey.process = AssessmentProcess.objects.create(flow_class=AssessmentFlow, application=journey.application)
    return journey


def url(journey, language="en"):
    prefix = "" if language == "id" else f"/{language}"
    return f"{prefix}/workflow/assessment/{journey.process.pk}/skor.xlsx"


def download(client, journey, language="en"):
    response = client.get(url(journey, language))
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content)
    return data, openpyxl.load_workbook(io.BytesIO(data))


def rows(worksheet):
    values = [list(row) for row in worksheet.iter_rows(values_only=True)]
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.fixture
def designated(cycle, people):
    return with_process(Journey(cycle, BILU, people).submit((2,) * 10).city((2,) * 10, (3,) * 10)
                        .recommend("Layak diteruskan ke provinsi.").province((1,) * 10, (2,) * 10)
                        .designate(note="Ditetapkan dengan catatan perbaikan data pilah."))


def test_the_gap_report_per_indicator_with_totals(designated, people, framework):
    _data, workbook = download(client_for(people.coordinator), designated)
    assert workbook.sheetnames == ["Summary", "Scores", "Comments", "Decisions"]
    scores = rows(workbook["Scores"])
    self_points, rank1, rank2, rank3 = (points_of(framework, (rank,) * 10) for rank in (2, 1, 2, 3))
    indicators = scores[:10]
    assert [row["No."] for row in indicators] == list(range(1, 11))
    assert [row["Self"] for row in indicators] == self_points
    assert [row["City"] for row in indicators] == [(a + b) / 2 for a, b in zip(rank2, rank3, strict=True)]
    assert [row["Province"] for row in indicators] == [(a + b) / 2 for a, b in zip(rank1, rank2, strict=True)]
    assert [row["Gap"] for row in indicators] == [(a + b) / 2 - s for a, b, s in zip(rank1, rank2, self_points,
                                                                                      strict=True)]
    total = scores[10]
    assert (total["Indicator"], total["Maximum points"], total["Self"]) == ("Total", 1000, sum(self_points))
    assert total["Province"] == sum(rank1 + rank2) / 2
    summary = {row["Item"]: row["Value"] for row in rows(workbook["Summary"])}
    assert summary["Kelurahan"] == f"Sungai Bilu ({BILU})"
    assert summary["Category"] == designated.application.designation.category.name
    assert summary["Decree (SK) number"] == "188.44/123/KUM/2026"


def test_a_native_bar_chart_of_the_indicator_scores(designated, people):
    data, workbook = download(client_for(people.coordinator), designated)
    charts = workbook["Scores"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "barChart" and chart.type == "col" and chart.grouping == "clustered"
    references = [series.val.numRef.f for series in chart.series]
    assert references == ["'Scores'!$C$2:$C$11", "'Scores'!$E$2:$E$11", "'Scores'!$F$2:$F$11",
                          "'Scores'!$G$2:$G$11"]
    assert chart.series[0].cat.numRef.f == "'Scores'!$A$2:$A$11"
    assert chart.x_axis.delete is False and chart.y_axis.delete is False
    assert any(name.startswith("xl/charts/chart") for name in zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_reviewers_comments_and_decision_notes(designated, people):
    _data, workbook = download(client_for(people.operator), designated)
    comments = rows(workbook["Comments"])
    reviewers = {row["Reviewer"] for row in comments}
    assert reviewers == {people.reviewer.get_full_name(), people.reviewer2.get_full_name(),
                         people.evaluator1.get_full_name(), people.evaluator2.get_full_name()}
    per_indicator = [row for row in comments if row["No."] is not None]
    assert len(per_indicator) == 4 * 10
    assert {row["Comment"] for row in per_indicator} == {"Sesuai dokumen."}
    overall = [row for row in comments if row["Indicator"] == "Overall"]
    assert len(overall) == 4
    assert all("Cukup baik." in row["Comment"] for row in overall)
    assert any("Field-verification findings: Pos pengaduan aktif." in row["Comment"] for row in overall)
    decisions = rows(workbook["Decisions"])
    assert [row["Note"] for row in decisions] == ["Layak diteruskan ke provinsi.",
                                                  "Ditetapkan dengan catatan perbaikan data pilah."]
    assert decisions[1]["Decided by"] == people.province.get_full_name()


def test_in_indonesian_on_the_indonesian_pages(designated, people):
    _data, workbook = download(client_for(people.coordinator), designated, language="id")
    assert workbook.sheetnames == ["Ringkasan", "Skor", "Komentar", "Keputusan"]


@pytest.mark.parametrize("who, status", [("operator", 200), ("lurah", 200), ("coordinator", 200),
                                         ("evaluator1", 200), ("other_operator", 403),
                                         ("banjarbaru_coordinator", 403), ("banjarbaru_reviewer", 403)])
def test_scoped_by_the_view_permission(designated, people, who, status):
    assert client_for(getattr(people, who)).get(url(designated)).status_code == status


def test_the_national_viewer_may_download_it(designated, member):
    viewer = client_for(member(Role.NATIONAL_VIEWER, None, username="nasional"))
    assert viewer.get(url(designated)).status_code == 200


def test_a_panel_member_still_scoring_sees_no_other_scores_or_comments(cycle, people):
    journey = Journey(cycle, BILU, people).submit().city((2,) * 10).recommend()
    journey.province((1,) * 10, (2,) * 10)
    pending = Review.objects.get(application=journey.application, stage=ReviewStage.PROVINCE,
                                 reviewer=people.evaluator2)
    Review.objects.filter(pk=pending.pk).update(submitted_at=None)
    with_process(journey)

    _data, hidden = download(client_for(people.evaluator2), journey)
    assert {row["Province"] for row in rows(hidden["Scores"])} == {None}
    assert {row["City"] for row in rows(hidden["Scores"])[:10]} != {None}  # the finished city stage stays
    assert "Provincial evaluation" not in {row["Stage"] for row in rows(hidden["Comments"])}

    _data, shown = download(client_for(people.evaluator1), journey)
    assert {row["Reviewer"] for row in rows(shown["Comments"]) if row["Stage"] == "Provincial evaluation"} == {
        people.evaluator1.get_full_name()}


def test_the_application_page_links_the_score_sheet(designated, people):
    page = client_for(people.coordinator).get(f"/workflow/assessment/{designated.process.pk}/")
    assert f'href="/workflow/assessment/{designated.process.pk}/skor.xlsx"' in page.content.decode()


@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_texts_that_look_like_formulas_stay_text(designated, people, payload, visible):
    ReviewScore.objects.filter(review__application=designated.application).update(comment=payload)
    designated.application.decisions.update(note=payload)
    designated.application.kelurahan.__class__.objects.filter(code="63.71.02").update(name=payload)
    _data, workbook = download(client_for(people.coordinator), designated)
    comment = workbook["Comments"]["G2"]
    note = workbook["Decisions"]["G2"]
    kecamatan = workbook["Summary"]["B3"]
    for cell in (comment, note, kecamatan):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (visible, "s", True)
    for worksheet in workbook.worksheets:
        assert not [cell.coordinate for row in worksheet.iter_rows() for cell in row if cell.data_type == "f"]
