"""The Chroma side of the index: collections, incremental sync, batched writes.

Chroma's default embedding function downloads an ONNX model, so collections are always opened
with `embedding_function=None` and vectors are passed explicitly. Telemetry is off. The client is
embedded, or a `chroma run` server when CDM_CHROMA_URL is set (`chroma_client.py`); the code here
is the same for both.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from data.errors import CdmError
from feedback.chroma_client import chroma_server, connect, is_outage, server_errors, where

SEARCH_COLLECTION = "feedback"
THEME_COLLECTION = "feedback_themes"
WRITE_BATCH = 5000  # Chroma rejects batches above 5,461
READ_BATCH = 5000

Embedder = Callable[[list[str]], np.ndarray[Any, Any]]


@dataclass(frozen=True)
class StoredText:
    key: str
    text: str
    metadata: Mapping[str, Any]


@dataclass(frozen=True)
class SyncReport:
    embedded: int  # distinct texts embedded
    written: int  # documents added or replaced
    metadata_updated: int
    deleted: int


@server_errors()
def open_collection(chroma_dir: Path, name: str, *, create: bool) -> Any:
    """A collection in the embedded store at `chroma_dir`, or on the server when CDM_CHROMA_URL is set."""
    chroma = connect(chroma_dir)
    if create:
        return chroma.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
    try:
        return chroma.get_collection(name, embedding_function=None)
    except Exception as error:  # chromadb raises NotFoundError or ValueError depending on version
        if is_outage(error):
            raise  # a lost server, not a missing index: server_errors reports it
        raise CdmError(f"no feedback index in {where(chroma_dir)}; run `cdm feedback build`") from error


@server_errors()
def drop_index(chroma_dir: Path) -> None:
    """Forgets every stored vector before a full rebuild: the server's collections when
    CDM_CHROMA_URL is set, and the local folder (document table, embedded store) in any case."""
    if chroma_server() is not None:
        chroma = connect(chroma_dir)
        for name in (SEARCH_COLLECTION, THEME_COLLECTION):
            try:
                chroma.delete_collection(name)
            except Exception as error:  # a collection that does not exist yet is fine
                if is_outage(error):
                    raise
    shutil.rmtree(chroma_dir, ignore_errors=True)


def stored_metadata(collection: Any) -> dict[str, Mapping[str, Any]]:
    """Every stored id with its metadata, read in pages."""
    found: dict[str, Mapping[str, Any]] = {}
    offset = 0
    while True:
        page = collection.get(include=["metadatas"], limit=READ_BATCH, offset=offset)
        found.update(zip(page["ids"], page["metadatas"], strict=True))
        if len(page["ids"]) < READ_BATCH:
            return found
        offset += READ_BATCH


@server_errors()
def sync(collection: Any, texts: Sequence[StoredText], embedder: Embedder, *, progress: bool) -> SyncReport:
    """Make the collection hold exactly `texts`, embedding only new or changed ones.

    A text is unchanged when its `content_hash` metadata matches; then only differing metadata
    is rewritten (a customer who moved region), without a new embedding.
    """
    existing = stored_metadata(collection)
    wanted = {t.key for t in texts}
    changed = [t for t in texts if existing.get(t.key, {}).get("content_hash") != t.metadata["content_hash"]]
    changed_keys = {t.key for t in changed}
    retagged = [
        t for t in texts if t.key in existing and t.key not in changed_keys and dict(existing[t.key]) != t.metadata
    ]
    removed = [key for key in existing if key not in wanted]
    embedded = _upsert(collection, sorted(changed, key=lambda t: len(t.text)), embedder, progress=progress)
    for chunk in _chunks(retagged):
        collection.update(ids=[t.key for t in chunk], metadatas=[dict(t.metadata) for t in chunk])
    for start in range(0, len(removed), WRITE_BATCH):
        collection.delete(ids=removed[start : start + WRITE_BATCH])
    return SyncReport(embedded, len(changed), len(retagged), len(removed))


def _upsert(collection: Any, texts: list[StoredText], embedder: Embedder, *, progress: bool) -> int:
    """Embed each distinct text once (feedback is repetitive), then write in batches."""
    from tqdm import tqdm

    unique = list(dict.fromkeys(t.text for t in texts))
    vectors: dict[str, Any] = {}
    with tqdm(total=len(unique), desc=f"embedding {collection.name}", unit="text", disable=not progress) as bar:
        for start in range(0, len(unique), WRITE_BATCH):
            batch = unique[start : start + WRITE_BATCH]
            vectors.update(zip(batch, embedder(batch), strict=True))
            bar.update(len(batch))
    for chunk in _chunks(texts):
        collection.upsert(
            ids=[t.key for t in chunk],
            embeddings=np.stack([vectors[t.text] for t in chunk]),
            documents=[t.text for t in chunk],
            metadatas=[dict(t.metadata) for t in chunk],
        )
    return len(unique)


def _chunks(items: Sequence[StoredText]) -> Iterator[Sequence[StoredText]]:
    for start in range(0, len(items), WRITE_BATCH):
        yield items[start : start + WRITE_BATCH]


@server_errors()
def vectors_for(collection: Any, keys: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """Stored embeddings for `keys` (repeats allowed), in that order."""
    distinct = list(dict.fromkeys(keys))
    by_key: dict[str, Any] = {}
    for start in range(0, len(distinct), READ_BATCH):
        page = collection.get(ids=distinct[start : start + READ_BATCH], include=["embeddings"])
        by_key.update(zip(page["ids"], page["embeddings"], strict=True))
    if not keys:
        return np.zeros((0, 0), dtype=np.float32)
    return np.asarray([by_key[k] for k in keys], dtype=np.float32)
