"""The feedback index on a real `chroma run` server on loopback (CDM_CHROMA_URL), against the embedded one.

The server build reuses the session's embedded index as its reference: the same warehouse state,
and the same vectors. Texts the embedded build already embedded are looked up from its store
instead of being run through the model again (that is the embedder's job, tested elsewhere, and
it would add a minute on a loaded machine); everything else, including which texts get embedded,
is the real build writing to and reading from the server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import numpy as np
import pytest
import yaml

from data.errors import CdmError
from feedback import chroma_client, index
from feedback.guide import seed_centroids
from feedback.index import IndexReport, build_index
from feedback.search import search_feedback
from feedback.store import SEARCH_COLLECTION, THEME_COLLECTION, open_collection
from guards.principal import Principal

QUERIES = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))
CHROMA = Path(sys.executable).with_name("chroma")
CDM = Path(sys.executable).with_name("cdm")
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `chroma run` server on a free loopback port, stopped when the module ends."""
    folder = tmp_path_factory.mktemp("chroma_server")
    port = free_port()
    command = [str(CHROMA), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)]
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, server, folder / "server.log")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_heartbeat(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"chroma run exited with {server.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"chroma run did not answer within {STARTUP_SECONDS:.0f} s")


class StoredEmbedder:
    """The embedded build's vectors by text; texts it never embedded go to the real model."""

    def __init__(self, chroma_dir: Path) -> None:
        self.vectors: dict[str, Any] = {}
        for name in (SEARCH_COLLECTION, THEME_COLLECTION):
            page = open_collection(chroma_dir, name, create=False).get(include=["documents", "embeddings"])
            self.vectors.update(zip(page["documents"], page["embeddings"], strict=True))
        self.asked: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        from feedback.embeddings import embed

        self.asked.extend(texts)
        missing = [t for t in texts if t not in self.vectors]
        self.vectors.update(zip(missing, embed(missing), strict=True))
        return np.asarray([self.vectors[t] for t in texts], dtype=np.float32)


EmbeddedIndex = tuple[Path, Path, IndexReport]
ServerIndex = tuple[Path, Path, IndexReport, StoredEmbedder]


@pytest.fixture(scope="module")
def server_index(
    chroma_url: str, feedback_index: EmbeddedIndex, tmp_path_factory: pytest.TempPathFactory
) -> ServerIndex:
    """(warehouse copy, local index folder, build report, embedder): one build through the server."""
    embedded_warehouse, embedded_chroma, _ = feedback_index
    folder = tmp_path_factory.mktemp("server_home")
    warehouse = folder / "warehouse.duckdb"
    shutil.copy(embedded_warehouse, warehouse)
    embedder = StoredEmbedder(embedded_chroma)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDM_CHROMA_URL", chroma_url)
        patch.setattr(index, "embed", embedder)
        report = build_index(warehouse, folder / "chroma", progress=False)
    return warehouse, folder / "chroma", report, embedder


@pytest.fixture
def on_server(chroma_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDM_CHROMA_URL", chroma_url)


def _ids(chroma_dir: Path, name: str) -> set[str]:
    return set(open_collection(chroma_dir, name, create=False).get(include=[])["ids"])


def _topics(warehouse: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT source, source_id, pain_point FROM feedback_topics ORDER BY ALL").fetchall()


def test_build_through_server_matches_embedded(
    server_index: ServerIndex, feedback_index: EmbeddedIndex, chroma_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, chroma, report, _ = server_index
    embedded_warehouse, embedded_chroma, _ = feedback_index
    expected = {name: _ids(embedded_chroma, name) for name in (SEARCH_COLLECTION, THEME_COLLECTION)}
    assert report.embedded == sum(len(ids) for ids in expected.values()) > 0
    assert (chroma / "documents.duckdb").exists()  # the document table stays local
    assert not (chroma / "chroma.sqlite3").exists()  # and no embedded store was made beside it
    monkeypatch.setenv("CDM_CHROMA_URL", chroma_url)
    assert {name: _ids(chroma, name) for name in expected} == expected
    assert _topics(warehouse) == _topics(embedded_warehouse)  # pain points from vectors read off the server


def _search(text: str, principal: Principal, warehouse: Path, chroma: Path, **options: Any) -> list[tuple[Any, ...]]:
    result = search_feedback(text, principal, warehouse=warehouse, chroma_dir=chroma, **options)
    assert result.status == "ok", result.notices
    return [(h.source, h.id, round(h.score, 4), h.metadata.get("region")) for h in result.results]


def test_search_matches_embedded(
    server_index: ServerIndex, feedback_index: EmbeddedIndex, chroma_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, chroma, _, _ = server_index
    embedded_warehouse, embedded_chroma, _ = feedback_index
    admin, east = Principal(None, "admin"), Principal(None, "regional_manager", {"region": "East"})
    asks = [(query, admin) for query in QUERIES.values()] + [("delivery was late", east)]
    expected = [_search(text, who, embedded_warehouse, embedded_chroma, k=10) for text, who in asks]
    monkeypatch.setenv("CDM_CHROMA_URL", chroma_url)
    assert [_search(text, who, warehouse, chroma, k=10) for text, who in asks] == expected


def test_row_filters_apply_on_server(server_index: ServerIndex, on_server: None) -> None:
    warehouse, chroma, _, _ = server_index
    east = Principal(None, "regional_manager", {"region": "East"})
    hits = _search("delivery was late", east, warehouse, chroma, k=20)
    assert len(hits) == 20 and {region for *_, region in hits} == {"East"}
    assert _search("late", east, warehouse, chroma, filters={"region": "South"}) == []


def test_rebuild_through_server_embeds_nothing(server_index: ServerIndex, on_server: None) -> None:
    warehouse, chroma, _, embedder = server_index
    embedder.asked.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "embed", embedder)
        report = build_index(warehouse, chroma, progress=False)
    assert (report.embedded, report.deleted) == (0, 0)
    assert set(embedder.asked) <= set(_seed_phrases())  # no stored text went through the embedder


def _seed_phrases() -> list[str]:
    """What every build embeds afresh: the pain-point seed phrases that guide clustering."""
    asked: list[str] = []

    def record(texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        asked.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32)

    seed_centroids(record)
    return asked


def _closed_port_url() -> str:
    return f"http://:s3cret-token@127.0.0.1:{free_port()}"  # nothing listens on a port just released


def test_unreachable_server_is_a_one_line_cli_error(server_index: ServerIndex) -> None:
    warehouse = server_index[0]
    url = _closed_port_url()
    env = {**os.environ, "CDM_HOME": str(warehouse.parent), "CDM_CHROMA_URL": url}
    env.pop("CDM_WAREHOUSE", None)
    done = subprocess.run([str(CDM), "feedback", "build"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    assert errors == [done.stderr.strip().splitlines()[-1]], done.stderr
    assert errors[0].startswith("error: cannot reach the Chroma server at http://127.0.0.1:")
    assert "Traceback" not in done.stderr and "s3cret" not in done.stderr + done.stdout


def test_unreachable_server_in_search(server_index: ServerIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse, chroma, _, _ = server_index
    monkeypatch.setenv("CDM_CHROMA_URL", _closed_port_url())
    with pytest.raises(CdmError, match=r"^cannot reach the Chroma server at http://127\.0\.0\.1:\d+: ") as raised:
        search_feedback("late", Principal(None, "analyst"), warehouse=warehouse, chroma_dir=chroma)
    assert "s3cret" not in raised.value.message


def test_silent_server_fails_within_the_probe_timeout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        monkeypatch.setenv("CDM_CHROMA_URL", f"http://127.0.0.1:{silent.getsockname()[1]}")
        monkeypatch.setattr(chroma_client, "PROBE_SECONDS", 0.5)
        started = time.monotonic()
        with pytest.raises(CdmError, match=r"^cannot reach the Chroma server at http://127\.0\.0\.1:\d+: "):
            open_collection(tmp_path, SEARCH_COLLECTION, create=False)
        assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "url", ["localhost:8000", "127.0.0.1", "ftp://127.0.0.1:8000", "http://127.0.0.1:8000/chroma", "http://h:port"]
)
def test_bad_url_is_a_user_error(url: str) -> None:
    with pytest.raises(CdmError, match="CDM_CHROMA_URL must look like"):
        chroma_client.parse_url(url)


def test_url_token_is_sent_but_never_shown() -> None:
    server = chroma_client.parse_url("https://:tok@chroma.example.com")
    assert (server.shown, server.port) == ("https://chroma.example.com:443", 443)
    assert server.headers == {"Authorization": "Bearer tok"}
    assert chroma_client.parse_url("http://127.0.0.1:8001").headers == {}


def test_a_full_rebuild_drops_the_servers_collections(
    server_index: ServerIndex, feedback_index: EmbeddedIndex, on_server: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last in this module: it empties the server index the tests above share, then rebuilds it."""
    from typer.testing import CliRunner

    from cdm.cli import app
    from feedback.store import drop_index

    warehouse, chroma, _, embedder = server_index
    before = _ids(chroma, SEARCH_COLLECTION)
    assert before
    drop_index(chroma)
    assert not chroma.exists()
    with pytest.raises(CdmError, match="no feedback index"):
        open_collection(chroma, SEARCH_COLLECTION, create=False)
    monkeypatch.setenv("CDM_HOME", str(warehouse.parent))
    monkeypatch.setattr(index, "embed", embedder)
    embedder.asked.clear()
    result = CliRunner().invoke(app, ["feedback", "build", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert _ids(chroma, SEARCH_COLLECTION) == before
    assert len(set(embedder.asked)) >= len(before)  # every text embedded again, none kept from before
