"""Element files (charts, CSV) in a local folder: Chainlit's BaseStorageClient without a bucket.

An object key (Chainlit builds `<user id>/<element id>/<file name>`, where the file name comes
from the question) is never used as a path: each file is stored under the SHA-256 of its key, with
its MIME type beside it, in a folder only the owner can read. Files are never served by URL:
`get_read_url` returns a `data:` URL, so an element reaches a browser only inside a thread that
Chainlit has already checked belongs to the signed-in user.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

from chainlit.data.storage_clients.base import BaseStorageClient

MIME_SUFFIX = ".mime"


class LocalStorageClient(BaseStorageClient):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, object_key: str) -> Path:
        return self.folder / hashlib.sha256(object_key.encode("utf-8")).hexdigest()

    def _ensure_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        self._ensure_folder()
        path = self.path_for(object_key)
        if path.exists() and not overwrite:
            return {"object_key": object_key, "url": None}
        content = data.encode("utf-8") if isinstance(data, str) else data
        _write_private(path, content)
        _write_private(path.with_suffix(MIME_SUFFIX), mime.encode("utf-8"))
        return {"object_key": object_key, "url": None}

    async def delete_file(self, object_key: str) -> bool:
        path = self.path_for(object_key)
        existed = path.exists()
        path.unlink(missing_ok=True)
        path.with_suffix(MIME_SUFFIX).unlink(missing_ok=True)
        return existed

    def read(self, object_key: str) -> bytes | None:
        path = self.path_for(object_key)
        return path.read_bytes() if path.exists() else None

    async def get_read_url(self, object_key: str) -> str:
        path = self.path_for(object_key)
        mime_path = path.with_suffix(MIME_SUFFIX)
        mime = mime_path.read_text(encoding="utf-8") if mime_path.exists() else "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    async def close(self) -> None:
        return None


def _write_private(path: Path, content: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as output:
        output.write(content)
    os.replace(temporary, path)
