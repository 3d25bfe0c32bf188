import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from assessment.models import Kind, Level, Region
from assessment.region_import import apply_regions, parse_region_csv

GOOD = (b"code,name\n63,Kalimantan Selatan\n63.71,Kota Banjarmasin\n63.71.02,Banjarmasin Timur\n"
        b"63.71.02.1004,Sungai Bilu\n")



def test_the_refusal_reads_in_indonesian_by_default(tmp_path, db):
    with translation.override("id"), pytest.raises(CommandError) as refused:
        call_command("import_regions", write(tmp_path, GOOD + b"63.71.02.10x4,Salah\n"))
    assert "baris 6" in str(refused.value) and "tidak ada yang diimpor" in str(refused.value)


def write(tmp_path, content: bytes, name="regions.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.django_db
class TestImportCommand:
    def test_imports_a_good_file_with_levels_kinds_and_parents(self, tmp_path, capsys):
        call_command("import_regions", write(tmp_path, GOOD))
        bilu = Region.objects.get(code="63.71.02.1004")
        assert (bilu.name, bilu.level, bilu.kind, bilu.parent_id) == (
            "Sungai Bilu", Level.VILLAGE, Kind.KELURAHAN, "63.71.02")
        assert Region.objects.get(code="63.71").kind == Kind.KOTA
        assert "4 created" in capsys.readouterr().out

    def test_reimport_creates_nothing_twice_and_updates_names(self, tmp_path, capsys):
        call_command("import_regions", write(tmp_path, GOOD))
        renamed = GOOD.replace(b"Sungai Bilu", b"Sungai Bilu Baru")
        call_command("import_regions", write(tmp_path, renamed))
        assert Region.objects.count() == 4
        assert Region.objects.get(code="63.71.02.1004").name == "Sungai Bilu Baru"
        assert "0 created, 1 renamed, 3 unchanged" in capsys.readouterr().out

    @pytest.mark.parametrize(
        "content, expected",
        [
            (GOOD + b"63.71.02.10x4,Salah\n", "line 6: malformed code"),
            (GOOD + b"63.71.09.1001,Yatim\n", "line 6: region 63.71.09.1001 has no parent 63.71.09"),
            (GOOD + b"63.71.02.1005,\n", "line 6: region 63.71.02.1005 has an empty name"),
            (GOOD + b"63.71.02.1005,Sungai Lulut,extra\n", "line 6: expected 2 columns"),
            (GOOD + b"63.71.02.1004,Duplikat\n", "line 6: code 63.71.02.1004 already appears on line 5"),
            (b"kode,nama\n63,Kalimantan Selatan\n", "line 1: the header must be exactly"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 1:"),
            (b"", "line 1: the file is empty"),
        ],
        ids=["malformed-code", "unknown-parent", "empty-name", "wrong-columns", "duplicate", "wrong-header",
             "not-a-csv", "empty-file"],
    )
    def test_a_bad_file_is_refused_whole_and_changes_nothing(self, tmp_path, content, expected):
        with pytest.raises(CommandError) as refused:
            call_command("import_regions", write(tmp_path, content))
        assert expected in str(refused.value)
        assert "nothing was imported" in str(refused.value)
        assert Region.objects.count() == 0

    def test_every_bad_line_is_listed(self, tmp_path):
        content = GOOD + b"63.71.02.10x4,Salah\n63.71.02.1006,\n63.99.01.1001,Yatim\n"
        with pytest.raises(CommandError) as refused:
            call_command("import_regions", write(tmp_path, content))
        message = str(refused.value)
        assert "3 bad line(s)" in message
        for line in ("line 6", "line 7", "line 8"):
            assert line in message

    def test_prefix_keeps_one_subtree_and_its_ancestors(self, tmp_path):
        content = GOOD + b"63.72,Kota Banjarbaru\n64,Kalimantan Timur\n"
        call_command("import_regions", write(tmp_path, content), prefix="63.71")
        assert sorted(Region.objects.values_list("code", flat=True)) == ["63", "63.71", "63.71.02",
                                                                         "63.71.02.1004"]

    def test_children_can_hang_on_parents_already_in_the_database(self, tmp_path):
        call_command("import_regions", write(tmp_path, GOOD))
        call_command("import_regions", write(tmp_path, b"code,name\n63.71.02.1005,Sungai Lulut\n", "more.csv"))
        assert Region.objects.get(code="63.71.02.1005").parent_id == "63.71.02"

    def test_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="No such file"):
            call_command("import_regions", tmp_path / "nope.csv")


def test_south_kalimantan_fixture_has_the_real_counts(kalsel):
    regions = Region.objects.within("63")
    assert regions.filter(level=Level.PROVINCE).count() == 1
    assert regions.filter(level=Level.CITY).count() == 13
    assert regions.filter(level=Level.DISTRICT).count() == 156
    assert regions.filter(level=Level.VILLAGE).count() == 2016
    assert regions.kelurahan().count() == 144
    assert regions.count() == 2186
    banjarmasin = Region.objects.below("63.71")
    assert banjarmasin.filter(level=Level.DISTRICT).count() == 5
    assert banjarmasin.kelurahan().count() == 52


def test_subtree_queries_do_not_leak_into_neighbours(kalsel):
    # 63.7 is not a prefix of 63.71's subtree: codes are matched on whole parts.
    assert not Region.objects.within("63.7").exists()
    assert set(Region.objects.below("63.71").values_list("code", flat=True)).isdisjoint(
        Region.objects.below("63.72").values_list("code", flat=True))
    assert Region.objects.within("63.71.02.1004").get().name == "Sungai Bilu"
    assert Region.objects.get(code="63.71.02.1004").ancestor_codes() == ["63", "63.71", "63.71.02"]


def test_reimporting_the_fixture_is_a_no_op(kalsel):
    from workflows.demo import REGIONS_FILE

    result = apply_regions(parse_region_csv(REGIONS_FILE.read_bytes()).rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2186)
