"""A 20 MB evidence file goes in and out in chunks: Python's own memory stays flat (tracemalloc)."""

import hashlib
import tracemalloc

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile

from assessment import actions
from assessment.models import Evidence
from tests.workflows import journey

pytestmark = pytest.mark.django_db

SIZE = 20 * 1024 * 1024
# Generous against noise (templates, queries), yet a whole-file read of 20 MB could never fit under it.
PEAK_LIMIT = 3 * 1024 * 1024


def twenty_megabyte_pdf() -> TemporaryUploadedFile:
    """A PDF spooled to disk as Django spools any upload over FILE_UPLOAD_MAX_MEMORY_SIZE."""
    upload = TemporaryUploadedFile("scan-besar.pdf", "application/pdf", SIZE, None)
    upload.write(b"%PDF-1.4\n")
    block = b"% scan\n" * (64 * 1024 // 7)
    while upload.tell() < SIZE - len(block):
        upload.write(block)
    upload.write(b"\n" * (SIZE - upload.tell() - 6) + b"%%EOF\n")
    upload.flush()
    upload.seek(0)
    return upload


def peak_of(call):
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_20_mb_upload_and_download_keep_memory_flat(client, cycle, people, settings, capsys):
    settings.KRPPA_EVIDENCE_MAX_BYTES = SIZE
    application = journey.start(cycle, people)
    answer = application.answers.get(indicator__number=1)
    upload = twenty_megabyte_pdf()
    expected = hashlib.sha256()
    for chunk in upload.chunks():
        expected.update(chunk)
    upload.seek(0)

    upload_peak = peak_of(lambda: actions.upload_evidence(answer=answer, upload=upload, by=people.operator))
    upload.close()  # as Django does at the end of a request; the spooled file was moved into the storage
    evidence = Evidence.objects.get()
    assert (evidence.size, evidence.sha256) == (SIZE, expected.hexdigest())

    client.force_login(people.operator)
    received = hashlib.sha256()

    def download():
        response = client.get(f"/workflow/work/evidence/{evidence.pk}/")
        assert response.status_code == 200 and response.streaming
        for chunk in response.streaming_content:
            received.update(chunk)
        response.close()

    download_peak = peak_of(download)
    assert received.hexdigest() == evidence.sha256
    with capsys.disabled():
        print(f"\n20 MB evidence: upload peak {upload_peak / 1024:.0f} KiB, "
              f"download peak {download_peak / 1024:.0f} KiB (tracemalloc)")
    assert upload_peak < PEAK_LIMIT
    assert download_peak < PEAK_LIMIT
