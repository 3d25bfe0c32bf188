"""User-import workbooks for the tests, made with openpyxl."""

from tests.excel_files import xlsx_bytes

HEADER = ["username", "full name", "email", "role", "region code"]
BILU = "63.71.02.1004"        # Kelurahan Sungai Bilu, Kota Banjarmasin
BENUA_LAWAS = "63.01.01.2001"  # a desa in Kabupaten Tanah Laut

GOOD_ROWS = [
    ["siti.bilu", "Siti Rahmah", "siti@example.org", "operator", BILU],
    ["ahmad.bilu", "Ahmad Fauzi Rahman", "ahmad@example.org", "lurah", BILU],
    ["rina.bjm", "Rina Marlina", "rina@example.org", "city_reviewer", "63.71"],
    ["aminah.kalsel", "Hj. Aminah", "aminah@example.org", "province_coordinator", "63"],
    ["pemantau", "Pemantau KemenPPPA", "pemantau@example.org", "national_viewer", None],
]


def user_workbook(*rows, header=HEADER) -> bytes:
    return xlsx_bytes([header, *rows], sheet="Pengguna")


def good_workbook() -> bytes:
    return user_workbook(*GOOD_ROWS)
