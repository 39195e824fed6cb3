"""Whose added policies are whose: private to a visitor by default, shared when the operator says so.

By default (``ASSISTANT_UPLOADS_SHARED`` unset) a visitor's added policies go into an index of their
own under ``ASSISTANT_INDEX/private/``, one per owner: the signed-in user, else the page session.
Only that owner's pages list them, answer from them (with the policy selected) and may remove them;
no other visitor's question can reach them, since they are in no index another visitor's assistant
opens. A private index is always the embedded store (never a shared Chroma server, whose one
collection every index would then write to). With uploads shared, added policies go into the main
index, and only signed-in users add them, each removing their own.

Limits count per client, not per session: a signed-in user, else the IP address the request came
from, so opening a new session resets nothing (a proxy in front of the app makes every visitor one
client: sign-in is then the way to tell them apart). The ledger (``uploads.json`` beside the
manifest) records each added policy's owner, client and size; the totals and limits read it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ingest.settings import Settings

LEDGER = "uploads.json"
# A session's policies go when its page is closed (``end_session``), or at the latest this long after
# they were added: a reload is a new session, so they would otherwise count against the visitor's
# limit, and fill the server's, for good.
SESSION_HOURS = 12
LIVE_ASSISTANTS = 16  # private assistants kept open at once (each holds its small index); older ones close
_lock = threading.RLock()
_assistants: OrderedDict[Path, object] = OrderedDict()


@dataclass(frozen=True)
class Visitor:
    owner: str  # whose policies: "user:NAME" or "session:HASH"
    client: str  # whose limits: "user:NAME" or "ip:ADDRESS"
    user: str | None


def visitor(request) -> Visitor:
    """Who sent ``request`` (a ``gr.Request``)."""
    user = getattr(request, "username", None) or None
    if user:
        return Visitor(f"user:{user}", f"user:{user}", user)
    client = getattr(getattr(request, "client", None), "host", None) or "unknown"
    return Visitor(f"session:{getattr(request, 'session_hash', None) or 'none'}", f"ip:{client}", None)


def index_settings(settings: Settings, who: Visitor) -> Settings:
    """The settings of the index ``who``'s added policies go into: the main one when uploads are shared."""
    if settings.uploads_shared:
        return settings
    return dataclasses.replace(settings, index=_private_index(settings, who.owner), chroma_host=None)


def _private_index(settings: Settings, owner: str) -> Path:
    return Path(settings.index) / "private" / hashlib.sha1(owner.encode()).hexdigest()[:20]


def ledger(settings: Settings) -> dict[str, dict]:
    """slug path (the added file) -> {owner, client, bytes}, for every policy added from the page."""
    path = Path(settings.index) / LEDGER
    with _lock:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


def record(settings: Settings, who: Visitor, dest: Path) -> None:
    with _lock:
        rows = ledger(settings)
        rows[str(dest)] = {"owner": who.owner, "client": who.client, "bytes": dest.stat().st_size, "time": time.time()}
        _save(settings, rows)


def forget(settings: Settings, dest: Path) -> None:
    with _lock:
        rows = ledger(settings)
        rows.pop(str(dest), None)
        _save(settings, rows)


def _save(settings: Settings, rows: dict) -> None:
    path = Path(settings.index) / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(LEDGER + ".tmp")
    tmp.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def end_session(settings: Settings, who: Visitor) -> None:
    """A session ended: the policies it added (not a signed-in user's) go with it."""
    if who.user is None and not settings.uploads_shared:
        _drop_owners(settings, {who.owner})


def expire(settings: Settings, hours: float = SESSION_HOURS) -> None:
    """Drops the policies of sessions that added them more than ``hours`` ago (their end went unseen)."""
    if settings.uploads_shared:
        return
    cutoff = time.time() - hours * 3600
    old = {
        r["owner"] for r in ledger(settings).values() if r["owner"].startswith("session:") and r.get("time", 0) < cutoff
    }
    _drop_owners(settings, old)


def _drop_owners(settings: Settings, owners: set[str]) -> None:
    if not owners:
        return
    with _lock:
        rows = ledger(settings)
        kept = {p: r for p, r in rows.items() if r["owner"] not in owners}
        if len(kept) < len(rows):
            _save(settings, kept)
    for owner in owners:
        drop(settings, Visitor(owner, "", None))


def counts(settings: Settings, who: Visitor) -> tuple[int, int, int]:
    """(policies ``who``'s client holds, policies all hold, bytes all hold)."""
    rows = ledger(settings).values()
    return (sum(1 for r in rows if r["client"] == who.client), len(rows), sum(r["bytes"] for r in rows))


def own(settings: Settings, who: Visitor) -> dict[str, Path]:
    """slug -> file of the policies ``who`` added (and may remove or replace)."""
    return {
        Path(p).name.rsplit(".", 1)[0].lower(): Path(p) for p, r in ledger(settings).items() if r["owner"] == who.owner
    }


def assistant(settings: Settings, who: Visitor):
    """The assistant over ``who``'s private index, or None when they have added nothing (or uploads are shared)."""
    if settings.uploads_shared:
        return None
    target = index_settings(settings, who)
    if not (Path(target.index) / "manifest.json").exists():
        return None
    with _lock:
        bot = _assistants.get(target.index)
        if bot is None:
            # Imported here: only a visitor with policies of their own needs a second assistant.
            from assistant import Assistant

            bot = _assistants[target.index] = Assistant(target)
        _assistants.move_to_end(target.index)
        while len(_assistants) > LIVE_ASSISTANTS:
            _assistants.popitem(last=False)
        return bot


def drop(settings: Settings, who: Visitor) -> None:
    """Deletes ``who``'s private index whole (their last policy was removed)."""
    target = index_settings(settings, who)
    with _lock:
        _assistants.pop(target.index, None)
    if not settings.uploads_shared:
        from ingest.chroma import reopen

        reopen(target)  # closes this process's client of it
        shutil.rmtree(target.index, ignore_errors=True)
