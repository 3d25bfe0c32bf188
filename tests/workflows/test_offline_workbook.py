"""The offline self-assessment workbook over HTTP, as the kelurahan operator uses it.

Download from the self-assessment page, edit with openpyxl (as Excel would), upload back; and every
way an upload is refused, each of which changes nothing.
"""

import io

import openpyxl
import pytest
from django.core import signing

from assessment import actions
from assessment.excel.offline import EVIDENCE_NOTE_HEADING
from assessment.excel.offline.layout import SIGNING_SALT
from assessment.models import Answer, AuditEvent, Cycle, Stage
from tests.excel_files import FORMULA_PAYLOADS, PAYLOAD_IDS, macro_enabled, xlsx_bytes
from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

from .walk import Walk, client_for, open_task, task_urls

pytestmark = pytest.mark.django_db

KURIPAN = "63.71.02.1001"


def download_url(process_pk):
    return f"/workflow/assessment/{process_pk}/workbook/penilaian.xlsx"


def upload_url(process_pk, language="en"):
    prefix = "" if language == "id" else f"/{language}"
    return f"{prefix}/workflow/assessment/{process_pk}/workbook/"


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def edited(data: bytes, cells: dict[str, object], sheet="Penilaian") -> bytes:
    """The workbook with some cells changed and saved again, as someone would in Excel."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for address, value in cells.items():
        workbook[sheet][address] = value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client, process_pk, data: bytes, *, name="penilaian.xlsx", language="en"):
    return client.post(upload_url(process_pk, language), {"workbook": _named(data, name)})


def _named(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


def answers_of(application):
    return list(Answer.objects.filter(application=application).order_by("indicator__number")
                .values_list("level_id", "narrative", "updated_at"))


def option(level):
    return f"{level.label} ({level.points} poin)"


@pytest.fixture
def walk(framework, people, cycle):
    """Sungai Bilu's application in self-assessment, its task taken by the operator, a draft saved."""
    walk = Walk(framework)
    walk.start(people.operator, cycle)
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment(ranks=(1,) * 10, action="save"),
              expect_done=False)
    walk.process_pk = walk.application.process.pk
    return walk


@pytest.fixture
def operator(walk, people):
    return walk.client(people.operator)


@pytest.fixture
def workbook(walk, operator):
    response = operator.get(download_url(walk.process_pk))
    assert response.status_code == 200
    return content(response)


# -- download ----------------------------------------------------------------------------------------

def test_the_self_assessment_page_offers_the_workbook(walk, people, operator):
    task = open_task(walk.application, Flow.self_assessment).get()
    page = operator.get(task_urls(task)["execute"]).content.decode()
    assert f'href="{download_url(walk.process_pk)}"' in page
    assert f'action="{upload_url(walk.process_pk, "id")}"' in page
    assert 'enctype="multipart/form-data"' in page


def test_the_workbook_holds_the_current_answers_with_only_the_inputs_unlocked(walk, workbook, framework):
    assert workbook[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    assert book.sheetnames == ["Petunjuk", "Penilaian", "Tingkat", "_krppa"]
    assert [book[name].sheet_state for name in book.sheetnames] == ["visible", "visible", "veryHidden",
                                                                     "veryHidden"]
    sheet = book["Penilaian"]
    assert [cell.value for cell in sheet[1]] == ["No.", "Indikator", "Poin maksimal", "Tingkat (pilih)", "Narasi",
                                                 "Catatan bukti", "Arti setiap tingkat"]
    assert sheet.protection.sheet is True
    indicators = walk.indicators
    for row, indicator in enumerate(indicators, start=2):
        level = indicator.ordered_levels()[1]
        assert sheet[f"A{row}"].value == indicator.number
        assert sheet[f"B{row}"].value == indicator.title
        assert sheet[f"C{row}"].value == indicator.max_points
        assert sheet[f"D{row}"].value == option(level)
        assert sheet[f"E{row}"].value == f"Bukti untuk indikator {indicator.pk}."
        assert sheet[f"F{row}"].value is None
        assert [sheet[f"{column}{row}"].protection.locked for column in "ABCDEFG"] == [
            True, True, True, False, False, False, True]
    # The drop-down of each row lists that indicator's levels, from the hidden sheet Tingkat.
    validations = {str(validation.sqref): validation for validation in sheet.data_validations.dataValidation}
    assert set(validations) == {f"D{row}" for row in range(2, 12)}
    assert validations["D5"].type == "list"
    assert validations["D5"].formula1 == "'Tingkat'!$B$5:$E$5"
    assert [cell.value for cell in book["Tingkat"][5][1:5]] == [option(level) for level in
                                                                indicators[3].ordered_levels()]
    assert sheet.freeze_panes == "C2"


def test_the_instructions_are_in_indonesian_even_from_the_english_pages(walk, operator):
    response = operator.get("/en" + download_url(walk.process_pk))
    book = openpyxl.load_workbook(io.BytesIO(content(response)))
    text = "\n".join(str(row[0]) for row in book["Petunjuk"].iter_rows(values_only=True) if row and row[0])
    assert "Penilaian mandiri KRPPA — Sungai Bilu" in text
    assert "Hanya sel berwarna kuning yang dapat diubah" in text


def test_the_download_is_private_and_named_after_the_kelurahan(walk, operator):
    response = operator.get(download_url(walk.process_pk))
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="penilaian-mandiri-63.71.02.1004-{walk.application.cycle.year}.xlsx"' in \
        response["Content-Disposition"]


# -- the round trip ----------------------------------------------------------------------------------

def test_round_trip_changes_the_edited_answers_and_shows_what_changed(walk, people, operator, workbook):
    indicators = walk.indicators
    before = answers_of(walk.application)
    new_level = indicators[2].ordered_levels()[3]
    data = edited(workbook, {
        "D4": option(new_level),                      # indicator 3: a higher level
        "E6": "Forum anak aktif sejak 2023.",         # indicator 5: a new narrative
        "F6": "SK Lurah No. 12/2023; daftar hadir.",  # indicator 5: an evidence note
    })
    response = upload(operator, walk.process_pk, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The workbook was saved: 2 indicators changed." in page
    changes = response.context["result"].changes
    assert [(change.number, change.level_changed, change.narrative_changed) for change in changes] == [
        (3, True, False), (5, False, True)]
    assert changes[0].old_level.points == indicators[2].ordered_levels()[1].points
    assert changes[0].new_level.points == new_level.points

    after = answers_of(walk.application)
    assert after[2][0] == new_level.pk
    assert after[4][1] == (f"Forum anak aktif sejak 2023.\n\n{EVIDENCE_NOTE_HEADING}\n"
                           "SK Lurah No. 12/2023; daftar hadir.")
    assert [row for index, row in enumerate(after) if index not in (2, 4)] == \
        [row for index, row in enumerate(before) if index not in (2, 4)]
    event = AuditEvent.objects.filter(application=walk.application, action="answers.saved").latest("pk")
    assert sorted(event.after) == ["3", "5"] and event.actor == people.operator

    # The next download splits the note back into its own column.
    again = openpyxl.load_workbook(io.BytesIO(content(operator.get(download_url(walk.process_pk)))))
    assert again["Penilaian"]["E6"].value == "Forum anak aktif sejak 2023."
    assert again["Penilaian"]["F6"].value == "SK Lurah No. 12/2023; daftar hadir."


def test_an_untouched_workbook_changes_nothing(walk, operator, workbook):
    before = answers_of(walk.application)
    response = upload(operator, walk.process_pk, workbook)
    assert "it changes nothing, so nothing was saved" in response.content.decode()
    assert answers_of(walk.application) == before


def test_uploading_the_same_workbook_again_is_not_a_conflict(walk, operator, workbook):
    data = edited(workbook, {"E2": "Sekali saja."})
    assert [change.number for change in upload(operator, walk.process_pk, data).context["result"].changes] == [1]
    before = answers_of(walk.application)
    again = upload(operator, walk.process_pk, data)
    assert again.context["result"].changes == [] and again.context.get("refusal") is None
    assert answers_of(walk.application) == before


def test_a_blank_level_cell_clears_the_level(walk, operator, workbook):
    response = upload(operator, walk.process_pk, edited(workbook, {"D2": None}))
    assert response.context["result"].changes[0].new_level is None
    assert answers_of(walk.application)[0][0] is None


def test_the_label_alone_is_accepted_for_a_level(walk, operator, workbook):
    level = walk.indicators[0].ordered_levels()[2]
    upload(operator, walk.process_pk, edited(workbook, {"D2": f"  {level.label.upper()} "}))
    assert answers_of(walk.application)[0][0] == level.pk


# -- conflicts with newer answers ------------------------------------------------------------------

def save_in_system(walk, user, index, rank, narrative):
    indicator = walk.indicators[index]
    actions.save_answers(application=walk.application, by=user, answers={
        indicator.pk: actions.AnswerInput(indicator.ordered_levels()[rank].pk, narrative)})


def test_an_indicator_changed_in_both_places_refuses_the_upload_and_names_it(walk, people, operator, workbook):
    save_in_system(walk, people.operator, 2, 0, "Diubah di sistem.")
    before = answers_of(walk.application)
    data = edited(workbook, {"D4": option(walk.indicators[2].ordered_levels()[3]), "E3": "Diubah offline."})
    response = upload(operator, walk.process_pk, data)
    page = response.content.decode()
    assert "Nothing was saved: these indicators were changed in the system after the workbook was downloaded" in page
    assert f"Indicator 3 ({walk.indicators[2].title_en})" in page
    assert "Indicator 2 (" not in page
    assert answers_of(walk.application) == before


def test_newer_answers_left_alone_in_the_workbook_are_kept(walk, people, operator, workbook):
    save_in_system(walk, people.operator, 2, 0, "Diubah di sistem.")
    response = upload(operator, walk.process_pk, edited(workbook, {"E3": "Diubah offline."}))
    result = response.context["result"]
    assert [change.number for change in result.changes] == [2]
    assert [item.number for item in result.kept] == [3]
    after = answers_of(walk.application)
    assert after[1][1] == "Diubah offline."
    assert after[2][1] == "Diubah di sistem."


# -- refusals: each leaves every answer as it was ------------------------------------------------------

@pytest.fixture
def unchanged(walk):
    before = answers_of(walk.application)
    yield
    assert answers_of(walk.application) == before
    assert walk.application.stage == Stage.SELF_ASSESSMENT


def refusal(response):
    assert response.status_code == 200
    return response.context["refusal"], response.context["details"]


def test_a_workbook_of_another_application_is_refused(walk, people, member, cycle, framework, operator, unchanged):
    other = Walk(framework)
    other.start(people.other_operator, cycle, kelurahan=KURIPAN)
    other.take(people.other_operator, Flow.self_assessment)
    theirs = content(other.client(people.other_operator).get(download_url(other.application.process.pk)))
    message, _details = refusal(upload(operator, walk.process_pk, theirs))
    assert message.startswith("This workbook belongs to another application, not to Sungai Bilu")


def test_a_workbook_of_another_framework_version_is_refused(walk, operator, workbook, framework, unchanged):
    newer = framework.copy_as_new_version()
    Cycle.objects.filter(pk=walk.application.cycle_id).update(framework=newer)
    message, _details = refusal(upload(operator, walk.process_pk, workbook))
    assert "made for another version of the criteria framework" in message
    assert f"version {newer.version}" in message


def test_a_changed_binding_is_refused(walk, operator, workbook, unchanged):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    token_cell = next(row[1] for row in book["_krppa"].iter_rows() if row[0].value == "token")
    payload = signing.loads(token_cell.value, salt=SIGNING_SALT)
    payload["a"] += 1  # point it at another application, without the key to sign it
    forged = signing.dumps(payload, salt="someone-else")
    message, _details = refusal(upload(operator, walk.process_pk, edited(workbook, {token_cell.coordinate: forged},
                                                                         sheet="_krppa")))
    assert "was changed or damaged" in message


def test_a_workbook_not_from_the_system_is_refused(walk, operator, unchanged):
    message, _details = refusal(upload(operator, walk.process_pk, xlsx_bytes([["No.", "Tingkat"], [1, "x"]])))
    assert message.startswith("This is not a self-assessment workbook downloaded from the KRPPA system")


def test_every_cell_problem_is_listed_with_sheet_and_cell(walk, operator, workbook, unchanged):
    data = edited(workbook, {"D3": "Sangat baik sekali", "D7": 50, "A9": 99})
    message, details = refusal(upload(operator, walk.process_pk, data))
    assert message == "The workbook was not saved: correct these problems and upload it again."
    levels = "; ".join(f"“{option(level)}”" for level in walk.indicators[1].ordered_levels())
    assert f"Sheet Penilaian, D3: the level must be one of: {levels}" in details
    assert any(detail.startswith("Sheet Penilaian, D7: the level must be chosen from the list") and "found 50"
               in detail for detail in details)
    assert "Sheet Penilaian, A9: this is not an indicator number of the framework; do not change column A" in details
    assert "Sheet Penilaian: the row of indicator 8 is missing; do not delete rows" in details


def test_problems_read_in_indonesian_on_the_indonesian_page(walk, operator, workbook, unchanged):
    response = upload(operator, walk.process_pk, edited(workbook, {"D3": "Sangat baik sekali"}), language="id")
    details = response.context["details"]
    assert details[0].startswith("Sheet Penilaian, D3: tingkat harus salah satu dari: “")


@pytest.mark.parametrize("kind", ["oversize", "not-xlsx", "xlsm", "corrupt"])
def test_unsafe_or_broken_files_are_refused(walk, operator, workbook, unchanged, kind, settings):
    data = {
        "oversize": workbook + b"\0" * (5 * 1024 * 1024),
        "not-xlsx": b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n",
        "xlsm": macro_enabled(workbook),
        "corrupt": workbook[: len(workbook) // 2],
    }[kind]
    message, _details = refusal(upload(operator, walk.process_pk, data))
    assert {
        "oversize": "The file is larger than 5 MB",
        "not-xlsx": "This file is not an Excel workbook (.xlsx)",
        "xlsm": "This workbook contains macros (.xlsm)",
        "corrupt": "The file is damaged",
    }[kind] in message


def test_an_upload_without_a_file_asks_for_one(walk, operator, unchanged):
    response = operator.post(upload_url(walk.process_pk), {})
    assert response.status_code == 200
    assert response.context["form"].errors["workbook"]


# -- who and when ------------------------------------------------------------------------------------

def test_after_the_self_assessment_the_workbook_is_closed(walk, people, operator, workbook):
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment(ranks=(2,) * 10))
    assert walk.application.stage == Stage.LURAH_SUBMIT
    before = answers_of(walk.application)
    response = upload(operator, walk.process_pk, edited(workbook, {"E2": "Terlambat."}))
    assert response.status_code == 409
    assert "the workbook can only be used during the self-assessment" in response.content.decode()
    assert operator.get(download_url(walk.process_pk)).status_code == 409
    assert answers_of(walk.application) == before


@pytest.mark.parametrize("who", ["lurah", "coordinator", "other_operator", "banjarbaru_coordinator"])
def test_people_who_may_not_fill_it_in_get_403(walk, people, workbook, who, unchanged):
    client = client_for(getattr(people, who))
    assert client.get(download_url(walk.process_pk)).status_code == 403
    assert upload(client, walk.process_pk, edited(workbook, {"E2": "Bukan saya."})).status_code == 403


def test_a_second_operator_must_hold_the_task_first(walk, member, workbook, unchanged):
    second = client_for(member(Role.OPERATOR, "63.71.02.1004", username="operator2"))
    response = upload(second, walk.process_pk, edited(workbook, {"E2": "Operator kedua."}))
    assert response.status_code == 409
    assert "The self-assessment task is not yours at the moment" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(walk, client):
    response = client.get(download_url(walk.process_pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# -- formula injection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_answers_that_look_like_formulas_stay_text_and_survive_the_round_trip(walk, people, operator, payload,
                                                                              visible):
    save_in_system(walk, people.operator, 0, 1, f"{payload}\n\n{EVIDENCE_NOTE_HEADING}\n{payload}")
    data = content(operator.get(download_url(walk.process_pk)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    narrative, note = book["Penilaian"]["E2"], book["Penilaian"]["F2"]
    # The stored narrative was trimmed on saving; the note inside it keeps its leading tab or line break.
    assert (narrative.value.strip(), narrative.data_type, narrative.quotePrefix) == (visible.strip(), "s", True)
    assert (note.value, note.data_type, note.quotePrefix) == (visible, "s", True)
    for sheet in book.worksheets:
        assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    before = answers_of(walk.application)
    upload(operator, walk.process_pk, data)
    assert answers_of(walk.application) == before
