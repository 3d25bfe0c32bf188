"""Peak memory of a real server while a 20 MB evidence file is uploaded and downloaded.

Runs gunicorn (one sync worker) on a throw-away SQLite database with the demo loaded, uploads a 20 MB
PDF to a self-assessment as its operator, downloads it, and reads the worker's resident memory
(VmRSS) and peak (VmHWM) from /proc before and after. Not part of `make test`:

    .venv/bin/python tests/benchmarks/evidence_server_memory.py
"""

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
PORT = 8011
SIZE = 20 * 1024 * 1024
BASE = f"http://127.0.0.1:{PORT}"


def memory_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _colon, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def worker_of(master: int) -> int:
    for _attempt in range(50):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("gunicorn started no worker")


def big_pdf(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as out:
        block = b"% scan\n" * (64 * 1024 // 7)
        out.write(b"%PDF-1.4\n")
        while out.tell() < SIZE - len(block):
            out.write(block)
        out.write(b"\n" * (SIZE - out.tell() - 6) + b"%%EOF\n")
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def main():
    work = Path(tempfile.mkdtemp(prefix="krppa-memory-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "DEBUG": "0",
           "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}", "EVIDENCE_ROOT": str(work / "evidence"),
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "EVIDENCE_MAX_BYTES": str(SIZE)}
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([ROOT / ".venv" / "bin" / "gunicorn", "-w", "1", "-b", f"127.0.0.1:{PORT}",
                               "--timeout", "120", "website.wsgi"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        worker = worker_of(server.pid)
        session = requests.Session()
        for _attempt in range(50):
            try:
                session.get(f"{BASE}/accounts/login/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        session.post(f"{BASE}/accounts/login/", data={"username": "operator.sungailulut", "password": "krppa-demo",
                                                      "csrfmiddlewaretoken": session.cookies["csrftoken"]})
        inbox = session.get(f"{BASE}/workflow/assessment/inbox/").text
        task = re.search(r'href="(/workflow/assessment/\d+/self_assessment/\d+/)"', inbox).group(1)
        page = session.get(BASE + task)  # redirects to the task's form
        other = re.search(r'name="(evidence_other_\d+)"', page.text).group(1)
        before = memory_kib(worker)

        pdf = work / "scan-besar.pdf"
        expected = big_pdf(pdf)
        started = time.perf_counter()
        with pdf.open("rb") as upload:
            response = session.post(page.url, data={"_action": "save",
                                                    "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                                    files={other: ("scan-besar.pdf", upload, "application/pdf")})
        uploaded = time.perf_counter() - started
        assert response.ok, response.status_code
        after_upload = memory_kib(worker)
        link = re.search(r'href="(/workflow/work/evidence/\d+/)"[^>]*>scan-besar\.pdf<', response.text).group(1)

        started = time.perf_counter()
        received = hashlib.sha256()
        with session.get(BASE + link, stream=True) as download:
            assert download.headers["X-Content-Type-Options"] == "nosniff"
            for chunk in download.iter_content(65536):
                received.update(chunk)
        downloaded = time.perf_counter() - started
        assert received.hexdigest() == expected
        after_download = memory_kib(worker)
    finally:
        server.terminate()
        server.wait(timeout=10)

    print("gunicorn worker, 20 MB PDF (sha256 verified both ways):")
    print(f"  before:         RSS {before['VmRSS'] / 1024:6.1f} MiB, peak {before['VmHWM'] / 1024:6.1f} MiB")
    print(f"  after upload:   RSS {after_upload['VmRSS'] / 1024:6.1f} MiB, peak {after_upload['VmHWM'] / 1024:6.1f} MiB"
          f"  ({uploaded:.2f} s)")
    print(f"  after download: RSS {after_download['VmRSS'] / 1024:6.1f} MiB, "
          f"peak {after_download['VmHWM'] / 1024:6.1f} MiB  ({downloaded:.2f} s)")
    growth = after_download["VmHWM"] - before["VmHWM"]
    print(f"  peak grew by {growth / 1024:.1f} MiB for a {SIZE / 1024 / 1024:.0f} MiB file")
    return 0 if growth < 10 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
