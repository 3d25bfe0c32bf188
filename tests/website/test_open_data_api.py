"""The open-data API: its shape, its errors, and that nothing private ever leaves through it."""

import pytest

from tests.coverage_data import build_bulk, build_tree, designate_many, query_counts

pytestmark = pytest.mark.django_db

FIGURE_KEYS = {"region", "kelurahan_total", "designated", "designated_by_category", "in_progress", "not_started",
               "coverage_percent"}
DESIGNATION_KEYS = {"kelurahan", "category", "score", "sk_number", "valid_from", "valid_until"}


@pytest.fixture
def tree(framework):
    build_tree(framework)


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_coverage_of_a_city_has_the_documented_shape_and_nothing_more(client, tree):
    data = get_json(client, "/api/v1/coverage/?region=91.01")
    assert set(data) == FIGURE_KEYS | {"children"}
    assert data["region"] == {"code": "91.01", "name": "Kota Satu", "level": 2}
    assert set(data["in_progress"]) == {"self_assessment", "city", "province"}
    assert (data["kelurahan_total"], data["designated"], data["not_started"], data["coverage_percent"]) == (
        6, 2, 2, 33.3)
    assert data["in_progress"] == {"self_assessment": 0, "city": 1, "province": 1}
    assert data["designated_by_category"] == {"Pratama": 1, "Madya": 1}
    assert [child["region"]["code"] for child in data["children"]] == ["91.01.01", "91.01.02"]
    for child in data["children"]:
        assert set(child) == FIGURE_KEYS
        assert set(child["region"]) == {"code", "name", "level"}


@pytest.mark.parametrize("query, region, total, designated, children", [
    ("", {"code": None, "name": "Indonesia", "level": 0}, 8, 3, ["91", "92"]),
    ("?region=91", {"code": "91", "name": "Provinsi Uji", "level": 1}, 6, 2, ["91.01"]),
    ("?region=91.01.01", {"code": "91.01.01", "name": "Kecamatan Satu", "level": 3}, 4, 2,
     ["91.01.01.1001", "91.01.01.1002", "91.01.01.1003", "91.01.01.1004"]),
])
def test_coverage_at_every_level(client, tree, query, region, total, designated, children):
    data = get_json(client, f"/api/v1/coverage/{query}")
    assert data["region"] == region
    assert (data["kelurahan_total"], data["designated"]) == (total, designated)
    assert [child["region"]["code"] for child in data["children"]] == children


def test_designations_lists_active_ones_only_with_public_fields_only(client, tree):
    data = get_json(client, "/api/v1/designations/?region=91")
    assert set(data) == {"items", "count"}
    assert data["count"] == 2
    assert [item["kelurahan"] for item in data["items"]] == [
        {"code": "91.01.01.1001", "name": "Kelurahan Satu"}, {"code": "91.01.01.1004", "name": "Kelurahan Empat"}]
    for item in data["items"]:
        assert set(item) == DESIGNATION_KEYS
    assert data["items"][0] == {
        "kelurahan": {"code": "91.01.01.1001", "name": "Kelurahan Satu"}, "category": "Madya", "score": 650.0,
        "sk_number": "188.44/0412/KUM/2025", "valid_from": "2025-07-22", "valid_until": "2028-07-21"}


def test_revoked_designations_and_their_reasons_never_appear(client, tree):
    everything = client.get("/api/v1/designations/").content.decode()
    everything += client.get("/api/v1/coverage/?region=91.01.01").content.decode()
    assert "91.01.01.1003" not in client.get("/api/v1/designations/").content.decode()
    for private in ("Pos pengaduan", "revoke", "reason", "evidence", "reviewer", "note", "revoked_by"):
        assert private not in everything


def test_designations_are_paginated(client, tree):
    first = get_json(client, "/api/v1/designations/?page_size=2")
    second = get_json(client, "/api/v1/designations/?page_size=2&page=2")
    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert {item["kelurahan"]["code"] for item in first["items"] + second["items"]} == {
        "91.01.01.1001", "91.01.01.1004", "92.71.01.1001"}


def test_designations_of_one_kelurahan(client, tree):
    data = get_json(client, "/api/v1/designations/?region=92.71.01.1001")
    assert [item["category"] for item in data["items"]] == ["Pratama"]


@pytest.mark.parametrize("url", [
    "/api/v1/coverage/?region=99",
    "/api/v1/coverage/?region=91.09",
    "/api/v1/designations/?region=99.01",
])
def test_unknown_region_is_a_json_404(client, tree, url):
    data = get_json(client, url, status=404)
    assert set(data) == {"detail"} and "code" in data["detail"]


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/coverage/?region=banjarmasin", "region"),
    ("/api/v1/coverage/?region=63.71.02.1004", "region"),    # a kelurahan has no coverage of its own
    ("/api/v1/coverage/?region=63.", "region"),
    ("/api/v1/designations/?region=6371", "region"),
    ("/api/v1/designations/?page=abc", "page"),
    ("/api/v1/designations/?page=0", "page"),
    ("/api/v1/designations/?page_size=-5", "page_size"),
])
def test_malformed_parameters_are_a_json_400_not_422(client, tree, url, parameter):
    data = get_json(client, url, status=400)
    assert data["detail"] == "Malformed parameters."
    assert [error["parameter"] for error in data["errors"]] == [parameter]


def test_the_api_is_read_only(client, tree):
    assert client.post("/api/v1/coverage/", {}).status_code == 405
    assert client.delete("/api/v1/designations/").status_code == 405


def test_openapi_schema_describes_both_endpoints_without_login(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert {"/api/v1/coverage/", "/api/v1/designations/"} <= set(schema["paths"])
    designation = schema["components"]["schemas"]["DesignationOut"]
    assert set(designation["properties"]) == DESIGNATION_KEYS
    assert client.get("/api/v1/docs/").status_code == 404  # no page that would load assets from the internet


def test_query_count_stays_flat_from_ten_to_two_thousand_designations(client, framework):
    codes = build_bulk(framework)
    urls = ["/api/v1/coverage/", "/api/v1/coverage/?region=93", "/api/v1/coverage/?region=93.71",
            "/api/v1/designations/?region=93"]

    def counts():
        return query_counts(client, urls)

    designate_many(framework, codes[:10])
    few = counts()
    designate_many(framework, codes[10:])
    assert counts() == few
    assert max(few) <= 10
    assert get_json(client, "/api/v1/coverage/")["designated"] == 2000
