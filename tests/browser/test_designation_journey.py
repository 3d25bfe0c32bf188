"""The main journey in a real browser: from a kelurahan's first answer to KRPPA Madya."""

import datetime

import pytest

from assessment.models import Application, Designation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_inbox_task(page, base, title):
    page.goto(f"{base}/en/workflow/assessment/inbox/")
    page.get_by_role("link", name=title).first.click()
    page.wait_for_selector(".krppa form button[type=submit]")


def choose_levels(page, rank):
    """Click the rubric level of the given rank (0–3) for every indicator on the page."""
    for group in page.locator("ul.rubric").all():
        group.locator("label").nth(rank).click()


def submit(page, label):
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_a_kelurahan_goes_from_nothing_to_krppa_madya(as_user, live_server, people, cycle):
    base = live_server.url  # pages under /en/ so the test reads like the steps; Indonesian is tested elsewhere

    operator = as_user(people.operator)
    operator.goto(f"{base}/en/workflow/assessment/start/")
    operator.select_option("#id_kelurahan", "63.71.02.1004")
    submit(operator, "Start")
    operator.get_by_role("link", name="Open").click()
    operator.wait_for_selector("ul.rubric")
    choose_levels(operator, 2)
    for area in operator.locator("textarea").all():
        area.fill("Forum anak dan kelompok perempuan aktif; dokumen tersedia.")
    submit(operator, "Save and send to the lurah")
    assert "Lurah" in operator.content()

    lurah = as_user(people.lurah)
    open_inbox_task(lurah, base, "Lurah's submission")
    lurah.get_by_label("Submit to the city").check()
    lurah.locator("#id_attest").check()
    submit(lurah, "Confirm")

    coordinator = as_user(people.coordinator)
    open_inbox_task(coordinator, base, "City screening")
    coordinator.get_by_label("Complete: send it to review").check()
    coordinator.get_by_label("Test").first.check()  # the first city reviewer in the list
    submit(coordinator, "Confirm")

    reviewer_username = Application.objects.get().reviews.get().reviewer
    reviewer = as_user(reviewer_username)
    open_inbox_task(reviewer, base, "City review")
    choose_levels(reviewer, 2)
    reviewer.get_by_label("Recommend", exact=True).check()
    submit(reviewer, "Submit my scores")

    open_inbox_task(coordinator, base, "City decision")
    assert "700" in coordinator.content()
    coordinator.get_by_label("Recommend to the province").check()
    submit(coordinator, "Confirm decision")

    province = as_user(people.province)
    open_inbox_task(province, base, "Province assignment")
    for evaluator in province.locator("input[name=evaluators]").all():
        evaluator.check()
    province.fill("#id_field_visit_on", (datetime.date.today() + datetime.timedelta(days=3)).isoformat())
    submit(province, "Assign the panel")

    for person in (people.evaluator1, people.evaluator2):
        evaluator = as_user(person)
        open_inbox_task(evaluator, base, "Provincial evaluation")
        choose_levels(evaluator, 2)
        evaluator.fill("#id_field_findings", "Pos pengaduan aktif dan forum anak bertemu tiap bulan.")
        submit(evaluator, "Submit my scores")

    open_inbox_task(province, base, "Province decision")
    province.get_by_label("Designate as KRPPA").check()
    province.fill("#id_sk_number", "188.44/0100/KUM/2026")
    province.fill("#id_sk_date", "2026-11-20")
    submit(province, "Confirm decision")

    designation = Designation.objects.get()
    assert designation.category.name == "Madya" and designation.kelurahan_id == "63.71.02.1004"
    operator.goto(f"{base}/en/workflow/assessment/{designation.application.process.pk}/")
    text = operator.content()
    assert "KRPPA Madya" in text and "188.44/0100/KUM/2026" in text
    operator.screenshot(path="/tmp/krppa-journey-final.png", full_page=True)
