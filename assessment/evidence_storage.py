"""Where evidence files live: a private storage, outside MEDIA_ROOT, read only through a permission check.

The storage is Django's named storage "evidence" (settings `STORAGES`), so production can point it at
a private bucket without code changes. Files get generated names; the original name stays in the
database and is given back only as the download's file name.
"""

import hashlib
import uuid
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

CHUNK_BYTES = 64 * 1024


def evidence_storage() -> Storage:
    """The private storage (a callable, so a FileField and the settings never disagree)."""
    return storages["evidence"]


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage that has no URL: its files are never linked to directly."""

    def __init__(self, **kwargs):
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise NotImplementedError("Evidence has no public URL; it is served by the download view.")


@dataclass(frozen=True)
class Digest:
    sha256: str
    size: int


def digest(file: File) -> Digest:
    """SHA-256 and size of `file`, read chunk by chunk (a 20 MB upload never sits in memory)."""
    sha, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in file.chunks(CHUNK_BYTES):
        sha.update(chunk)
        size += len(chunk)
    file.seek(0)
    return Digest(sha.hexdigest(), size)


def generated_name(extension: str) -> str:
    """A name that says nothing about the file or the kelurahan, spread over 256 folders."""
    token = uuid.uuid4().hex
    return f"{token[:2]}/{token}.{extension}"
