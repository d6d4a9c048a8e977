"""Which Chroma holds the vectors: a `chroma run` server when CDM_CHROMA_URL is set, else embedded.

Only the vectors move to the server; the document table (`documents.duckdb`) stays in the local
index folder under CDM_HOME either way. chromadb's HTTP client has no timeout of its own
(`httpx.Client(timeout=None)`) and talks to the server inside its constructor, so a heartbeat
with a short timeout comes first: a wrong URL or a server that is down or silent becomes one
`CdmError` within seconds instead of a traceback or a hang. Later requests get a bounded timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from data.errors import CdmError
from data.settings import setting

PROBE_SECONDS = 5.0  # heartbeat answers in milliseconds; anything slower is a wrong address
CONNECT_SECONDS = 5.0
REQUEST_SECONDS = 120.0  # one batch of 5,000 vectors on a loaded server
EXAMPLE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class ChromaServer:
    """A parsed CDM_CHROMA_URL; `shown` never contains the token."""

    host: str
    port: int
    ssl: bool
    token: str

    @property
    def shown(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.ssl else 'http'}://{host}:{self.port}"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def chroma_server() -> ChromaServer | None:
    """The configured server, or None for the embedded store."""
    url = setting("CDM_CHROMA_URL").strip()
    return parse_url(url) if url else None


def parse_url(url: str) -> ChromaServer:
    """http(s)://host[:port] with an optional token as the password (`http://:TOKEN@host:port`)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise CdmError(f"CDM_CHROMA_URL must look like {EXAMPLE_URL}: {error}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        raise CdmError(f"CDM_CHROMA_URL must look like {EXAMPLE_URL} (scheme, host, port, no path)")
    ssl = parts.scheme == "https"
    token = parts.password or parts.username or ""
    return ChromaServer(parts.hostname, port or (443 if ssl else 8000), ssl, token)


def where(chroma_dir: Path) -> str:
    """Where the vectors live, for messages."""
    server = chroma_server()
    return f"the Chroma server at {server.shown}" if server else str(chroma_dir)


def connect(chroma_dir: Path) -> Any:
    """The Chroma client for this configuration; one per server or folder per process."""
    server = chroma_server()
    return server_client(server) if server else embedded_client(str(chroma_dir))


@cache
def embedded_client(chroma_dir: str) -> Any:
    import chromadb
    from chromadb.config import Settings

    Path(chroma_dir).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=chroma_dir, settings=Settings(anonymized_telemetry=False))


@cache
def server_client(server: ChromaServer) -> Any:
    import chromadb
    from chromadb.config import Settings

    probe(server)
    try:
        chroma = chromadb.HttpClient(
            host=server.host,
            port=server.port,
            ssl=server.ssl,
            headers=server.headers,
            settings=Settings(anonymized_telemetry=False),
        )
    except Exception as error:  # chromadb wraps connection failures in ValueError
        raise unreachable(server, error) from error
    _bound_requests(chroma)
    return chroma


def probe(server: ChromaServer) -> None:
    """One heartbeat with a short timeout, before chromadb's untimed constructor runs."""
    url = f"{server.shown}/api/v2/heartbeat"
    try:
        response = httpx.get(url, headers=server.headers, timeout=PROBE_SECONDS)
        response.raise_for_status()
        if "nanosecond heartbeat" not in response.json():
            raise ValueError(f"{url} answered, but not as a Chroma server")
    except (httpx.HTTPError, ValueError) as error:
        raise unreachable(server, error) from error


def unreachable(server: ChromaServer, error: BaseException) -> CdmError:
    reason = (str(error).splitlines() or [""])[0] or type(error).__name__
    return CdmError(f"cannot reach the Chroma server at {server.shown}: {reason}")


def _bound_requests(chroma: Any) -> None:
    """Give chromadb's HTTP session a timeout (it has none, and no setting for one)."""
    session = getattr(getattr(chroma, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(REQUEST_SECONDS, connect=CONNECT_SECONDS)


def is_outage(error: BaseException) -> bool:
    return isinstance(error, httpx.TransportError)


@contextmanager
def server_errors() -> Iterator[None]:
    """A server lost mid-session (refused, timed out) gives the same one-line error as at connect."""
    try:
        yield
    except httpx.TransportError as error:  # never raised by the embedded store
        server = chroma_server()
        if server is None:
            raise
        raise unreachable(server, error) from error
