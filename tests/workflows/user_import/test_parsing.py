"""Checking a user workbook finds every problem, by cell, before anything is written."""

import pytest
from django.contrib.auth import get_user_model

from workflows.roles import Role
from workflows.user_import import UserRow, read_user_upload

from .sheets import BENUA_LAWAS, BILU, GOOD_ROWS, HEADER, good_workbook, user_workbook


def errors_of(data) -> list[str]:
    parsed = read_user_upload(data)
    assert parsed.rows == [] or parsed.ok
    return [str(error) for error in parsed.errors]


def test_a_good_sheet_becomes_typed_rows(kalsel):
    parsed = read_user_upload(good_workbook())
    assert parsed.ok
    assert parsed.rows[0] == UserRow(row=2, username="siti.bilu", first_name="Siti", last_name="Rahmah",
                                     email="siti@example.org", role=Role.OPERATOR, region_code=BILU)
    assert parsed.rows[1].first_name == "Ahmad" and parsed.rows[1].last_name == "Fauzi Rahman"
    assert parsed.rows[4].region_code is None


def test_headers_may_be_indonesian_and_roles_loosely_typed(kalsel):
    data = user_workbook(["siti.bilu", "Siti Rahmah", "siti@example.org", " City Reviewer ", "63.71"],
                         header=["Nama pengguna", "Nama lengkap", "Surel", "Peran", "Kode wilayah"])
    parsed = read_user_upload(data)
    assert parsed.ok and parsed.rows[0].role == Role.CITY_REVIEWER


def test_a_province_code_typed_as_a_number_is_read_as_its_digits(kalsel):
    parsed = read_user_upload(user_workbook(["aminah", "Hj. Aminah", "aminah@example.org",
                                             "province_evaluator", 63]))
    assert parsed.ok and parsed.rows[0].region_code == "63"


ROW = ["siti.bilu", "Siti Rahmah", "siti@example.org", "operator", BILU]


def with_cell(column: int, value):
    row = list(ROW)
    row[column] = value
    return row


# Valid by the e-mail rules (up to 320 characters), too long for the user table's column (254).
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"


@pytest.mark.parametrize("row, expected", [
    (with_cell(3, "kepala"), "D2: unknown role “kepala”; the roles are: operator, lurah, city_coordinator"),
    (with_cell(3, None), "D2: the role is missing"),
    (with_cell(4, "63.99"), "E2: no region has the code “63.99”"),
    (with_cell(4, "63.71"), "E2: a Kelurahan operator works at Village level, but 63.71 (Kota Banjarmasin) "
                            "is a City"),
    (with_cell(4, "63.71.02"), "E2: a Kelurahan operator works at Village level, but 63.71.02 (Banjarmasin "
                               "Timur) is a Kecamatan"),
    (with_cell(4, BENUA_LAWAS), "E2: operators and lurah belong to a kelurahan, but 63.01.01.2001 (Benua Lawas) "
                                "is a Desa"),
    (with_cell(4, None), "E2: a Kelurahan operator needs a region code at Village level"),
    (with_cell(4, 63.1), "E2: the region code was stored as a number (63.1)"),
    (["rina", "Rina Marlina", "rina@example.org", "city_reviewer", BILU],
     "E2: a City reviewer works at City/regency level, but 63.71.02.1004 (Sungai Bilu) is a Kelurahan"),
    (["pemantau", "Pemantau", "p@example.org", "national_viewer", "63"],
     "E2: a National viewer works nation-wide; leave the region code empty"),
    (with_cell(2, "siti-at-example.org"), "C2: “siti-at-example.org” is not a valid email address"),
    (with_cell(2, None), "C2: the email address is missing"),
    (with_cell(2, LONG_EMAIL), f"C2: “{LONG_EMAIL}” is not a valid email address"),
    (with_cell(0, "siti rahmah"), "A2: Enter a valid username."),
    (with_cell(0, None), "A2: the username is missing"),
    (with_cell(1, "  "), "B2: the full name is missing"),
], ids=["unknown-role", "no-role", "unknown-region", "operator-at-city", "operator-at-kecamatan",
        "operator-at-desa", "operator-without-region", "region-as-number", "reviewer-at-kelurahan",
        "national-with-region", "bad-email", "no-email", "email-too-long-for-the-column", "bad-username",
        "no-username", "no-name"])
def test_each_bad_row_is_named_by_its_cell(kalsel, row, expected):
    errors = errors_of(user_workbook(row))
    assert len(errors) == 1
    assert errors[0].startswith(f"Sheet Pengguna, {expected}")


def test_every_problem_of_every_row_is_listed_in_reading_order(kalsel):
    errors = errors_of(user_workbook(
        ["siti.bilu", "Siti Rahmah", "bukan-email", "kepala", BILU],
        GOOD_ROWS[1],
        ["siti.bilu", "Siti Lain", "siti2@example.org", "operator", BILU],
        ["lain", "Orang Lain", "ahmad@example.org", "operator", "63.99"],
    ))
    assert [error.split(":")[0] for error in errors] == [
        "Sheet Pengguna, C2", "Sheet Pengguna, D2", "Sheet Pengguna, A4", "Sheet Pengguna, C5",
        "Sheet Pengguna, E5"]
    assert "username “siti.bilu” already appears in row 2" in errors[2]
    assert "email ahmad@example.org is already used for another user in row 3" in errors[3]


def test_usernames_differing_only_in_capitals_are_duplicates(kalsel):
    errors = errors_of(user_workbook(ROW, ["Siti.Bilu", "Siti R", "other@example.org", "lurah", BILU]))
    assert errors == ["Sheet Pengguna, A3: username “Siti.Bilu” already appears in row 2; each person appears once"]


def test_an_existing_username_with_another_email_is_refused_and_says_so(kalsel):
    get_user_model().objects.create_user("siti.bilu", email="siti.lama@example.org")
    assert errors_of(user_workbook(ROW)) == [
        "Sheet Pengguna, C2: user “siti.bilu” already exists with the email siti.lama@example.org, not "
        "siti@example.org; correct the sheet or change the user's email first"]


def test_an_existing_username_with_the_same_email_in_other_capitals_is_fine(kalsel):
    get_user_model().objects.create_user("siti.bilu", email="Siti@Example.org")
    assert read_user_upload(user_workbook(ROW)).ok


def test_an_email_that_belongs_to_another_account_is_refused(kalsel):
    get_user_model().objects.create_user("siti.lama", email="SITI@example.org")
    assert errors_of(user_workbook(ROW)) == [
        "Sheet Pengguna, C2: the email siti@example.org already belongs to user “siti.lama”"]


def test_an_existing_username_in_other_capitals_is_refused(kalsel):
    get_user_model().objects.create_user("Siti.Bilu", email="siti@example.org")
    assert errors_of(user_workbook(ROW)) == [
        "Sheet Pengguna, A2: a user “Siti.Bilu” already exists; usernames may not differ only in capitals"]


@pytest.mark.parametrize("header", ["password", "Kata sandi", "PASSWORD"])
def test_a_password_column_refuses_the_whole_sheet(kalsel, header):
    parsed = read_user_upload(user_workbook([*ROW, "rahasia123"], header=[*HEADER, header]))
    assert parsed.rows == []
    assert [str(error) for error in parsed.errors] == [
        "Sheet Pengguna, F1: passwords are never imported: delete this column. Each new user receives an email "
        "with a link to choose their own password."]


def test_a_header_without_rows_is_an_error(kalsel):
    assert errors_of(user_workbook()) == ["Sheet Pengguna, A2: the sheet has no users below its header row"]


def test_parsing_writes_nothing(kalsel, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        parsed = read_user_upload(good_workbook())
    assert parsed.ok
    assert not get_user_model().objects.exists()


def test_a_sheet_longer_than_the_user_import_limit_is_refused(kalsel, settings):
    settings.KRPPA_USER_IMPORT_MAX_ROWS = 2
    rows = [[f"user{n}", "Nama Orang", f"user{n}@example.org", "province_evaluator", "63"] for n in range(3)]
    assert read_user_upload(user_workbook(*rows[:2])).ok
    assert errors_of(user_workbook(*rows)) == [
        "Sheet Pengguna: the sheet has more than 2 rows; split it into several workbooks"]
