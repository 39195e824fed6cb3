"""The page's upload checks and feedback file, without a browser: what is refused and why, where an
upload is kept, and that feedback writes nothing unless ASSISTANT_FEEDBACK names a file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from ingest.index import ingest
from ingest.settings import Settings
from web import feedback, private, upload


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(index=tmp_path / "index", policies=tmp_path / "policies")


def test_settings_read_uploads_and_feedback():
    assert Settings.from_env({}).uploads is True and Settings.from_env({}).feedback is None
    s = Settings.from_env({"ASSISTANT_UPLOADS": "0", "ASSISTANT_FEEDBACK": "/tmp/fb.jsonl"})
    assert s.uploads is False and s.feedback == Path("/tmp/fb.jsonl")


def test_uploads_off_login_and_limits_are_refused_with_a_reason(settings):
    off = Settings(index=settings.index, uploads=False)
    with pytest.raises(upload.UploadRefused, match="ASSISTANT_UPLOADS=0"):
        upload.check_allowed(off, "ann", False, 0)
    with pytest.raises(upload.UploadRefused, match="Sign in"):
        upload.check_allowed(settings, None, True, 0)
    shared = Settings(index=settings.index, uploads_shared=True)  # shared uploads: only signed-in users add
    with pytest.raises(upload.UploadRefused, match="Sign in to add a policy .added policies are shared"):
        upload.check_allowed(shared, None, False, 0)
    upload.check_allowed(shared, "ann", True, 0)
    with pytest.raises(upload.UploadRefused, match=f"added {upload.CLIENT_LIMIT} policies"):
        upload.check_allowed(settings, None, False, upload.CLIENT_LIMIT)
    with pytest.raises(upload.UploadRefused, match=f"already holds {upload.TOTAL_LIMIT}"):
        upload.check_allowed(settings, "ann", True, 0, upload.TOTAL_LIMIT)
    with pytest.raises(upload.UploadRefused, match="50 MB"):
        upload.check_allowed(settings, "ann", True, 0, 3, upload.TOTAL_BYTES)


def test_limits_count_per_client_so_a_new_session_resets_nothing(settings, tmp_path):
    """One client filled the 50-policy cap in 27 s by opening new sessions (issue 28)."""

    class Request:  # what gr.Request gives the handlers: the session, the client's address, the user
        def __init__(self, session, host="10.0.0.7", username=None):
            self.session_hash, self.username = session, username
            self.client = type("Client", (), {"host": host})()

    for i in range(upload.CLIENT_LIMIT):
        who = private.visitor(Request(f"session-{i}"))
        dest = tmp_path / f"p{i}.md"
        dest.write_text("x" * 100)
        private.record(settings, who, dest)
    fresh = private.visitor(Request("a-new-session"))
    held, total, size = private.counts(settings, fresh)
    assert (held, total, size) == (upload.CLIENT_LIMIT, upload.CLIENT_LIMIT, 100 * upload.CLIENT_LIMIT)
    with pytest.raises(upload.UploadRefused, match="remove one to add another"):
        upload.check_allowed(settings, None, False, *private.counts(settings, fresh))
    other = private.visitor(Request("s", host="10.0.0.8"))
    assert private.counts(settings, other)[0] == 0 and private.own(settings, other) == {}
    # Each session owns its own policies; a signed-in user owns theirs in every session.
    assert list(private.own(settings, private.visitor(Request("session-1")))) == ["p1"]
    assert private.index_settings(settings, fresh).index != private.index_settings(settings, other).index


def test_stage_refuses_bad_names_types_and_taken_slugs(settings, tmp_path):
    exe = tmp_path / "run.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(upload.UploadRefused, match="unsupported file type '.exe'"):
        upload.stage(settings, set(), str(exe), "", "")
    with pytest.raises(upload.UploadRefused, match="Choose a file"):
        upload.stage(settings, set(), None, "", "  ")
    with pytest.raises(upload.UploadRefused, match="Give the pasted policy a name"):
        upload.stage(settings, set(), None, "", "Some text.")
    with pytest.raises(upload.UploadRefused, match="cannot be used as a name"):
        upload.stage(settings, set(), None, "!!!", "Some text.")
    with pytest.raises(upload.UploadRefused, match="most it takes"):
        upload.stage(settings, set(), None, "Big", "x" * (upload.PASTE_CHARS + 1))
    with pytest.raises(upload.UploadRefused, match="'mikmik' is already indexed"):
        upload.stage(settings, {"mikmik"}, None, "MIKMIK", "Some text.")


def test_the_raw_upload_is_deleted_once_copied(settings, tmp_path):
    raw = tmp_path / "gradio-tmp" / "shop.md"
    raw.parent.mkdir()
    raw.write_text("# Shop\n\nWe keep orders for 7 years.", encoding="utf-8")
    dest = upload.stage(settings, set(), str(raw), "", "")
    upload.discard(str(raw))
    assert dest.exists() and not raw.exists()


def test_stage_keeps_uploads_under_the_index_with_safe_names(settings, tmp_path):
    src = tmp_path / "weird name;rm.md"
    src.write_text("# Weird\n\nText.", encoding="utf-8")
    dest = upload.stage(settings, set(), str(src), "", "")
    assert dest == upload.uploads_dir(settings) / "weird-name-rm.md" and dest.read_text() == src.read_text()
    pasted = upload.stage(settings, set(), None, "../../Acme Shop", "We keep orders for 7 years.")
    assert pasted.parent == upload.uploads_dir(settings) and pasted.name == "Acme-Shop.md"
    assert pasted.read_text().startswith("# ../../Acme Shop\n\n")


def test_a_file_ingest_cannot_read_is_removed_and_explained(settings):
    dest = upload.uploads_dir(settings) / "broken.pdf"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"%PDF-1.4 not a pdf")
    with pytest.raises(upload.UploadRefused, match="broken.pdf could not be added: .*Nothing already indexed"):
        upload.add(settings, dest)
    assert not dest.exists()


def test_feedback_writes_only_when_a_file_is_named(tmp_path):
    record = {"question": "q", "answer": "a", "answerable": True, "backend": "extractive", "citations": []}
    line = feedback.rating(record, True, None)
    assert feedback.append(None, line) is False
    assert not list(tmp_path.iterdir())
    path = tmp_path / "sub" / "fb.jsonl"
    assert feedback.append(path, line) and feedback.append(path, feedback.comment(line["id"], " more "))
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    assert rows[0]["rating"] == "up" and rows[1] == {"id": line["id"], "comment": "more"}


def test_ingest_says_what_it_does_while_indexing(settings, tmp_path, caplog):
    policy = tmp_path / "tiny.md"
    policy.write_text("# Tiny Shop\n\nTiny Shop keeps order records for 2 years.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="ingest"):
        summary = ingest([policy], settings)
    assert not summary.errors
    assert "building the index: 1 file…" in caplog.text
    assert "reading 1/1: tiny.md" in caplog.text and "embedding" in caplog.text


def test_adding_a_policy_reports_its_stages_to_the_page(settings, tmp_path):
    # What handlers.add_policy hands gr.Progress: reading, embedding with units, then writing.
    dest = upload.uploads_dir(settings) / "tiny.md"
    dest.parent.mkdir(parents=True)
    dest.write_text("# Tiny Shop\n\nTiny Shop keeps order records for 2 years.\n", encoding="utf-8")
    heard = []
    upload.add(settings, dest, lambda done, text: heard.append((round(done, 2), text)))
    assert [f for f, _ in heard] == sorted(f for f, _ in heard)
    assert heard[0][1] == "Reading tiny.md (1/1)"
    assert any(t.startswith("Embedding: ") and "units" in t for _, t in heard)
    assert heard[-1][1].startswith("Removing the old index")


def test_a_re_rating_replaces_the_earlier_one_and_the_file_stays_bounded(tmp_path):
    """One session wrote 1.08 MB in 6.4 s, and each re-rating appended another line (issue 28)."""
    path = tmp_path / "fb.jsonl"
    record = {"question": "q", "answer": "a" * 900, "answerable": True, "backend": "extractive", "citations": []}
    first = feedback.rating(record, True, None, "session-a/0")
    again = feedback.rating(record, False, None, "session-a/0")
    other = feedback.rating(record, True, None, "session-b/0")  # another visitor's rating of the same answer
    assert first["id"] == again["id"] != other["id"]
    for line in (first, feedback.comment(first["id"], "one"), again, feedback.comment(first["id"], "two"), other):
        feedback.append(path, line)
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    assert [(r["id"] == first["id"], r.get("rating"), r.get("comment")) for r in rows] == [
        (True, "down", None),
        (True, None, "two"),
        (False, "up", None),
    ]
    for i in range(200):  # a session rating answer after answer
        feedback.append(path, feedback.rating(record, True, None, f"session-c/{i}"), max_bytes=20_000)
    rotated = path.with_name("fb.jsonl.1")
    assert path.stat().st_size <= 20_000 and rotated.stat().st_size <= 20_000
    assert len(list(tmp_path.iterdir())) == 2


def test_a_sessions_policies_go_when_it_ends_or_expires(settings, tmp_path):
    """A reload is a new session: its old policies must not hold the visitor's limit, or the server's, for good."""
    ended = private.Visitor("session:aaa", "ip:10.0.0.9", None)
    stale = private.Visitor("session:bbb", "ip:10.0.0.9", None)
    user = private.Visitor("user:ann", "user:ann", "ann")
    for who in (ended, stale, user):
        folder = upload.uploads_dir(private.index_settings(settings, who))
        folder.mkdir(parents=True)
        (folder / "shop.md").write_text("# Shop\n\nWe keep orders for 7 years.\n")
        private.record(settings, who, folder / "shop.md")
    private.end_session(settings, ended)
    assert not private.index_settings(settings, ended).index.exists() and private.own(settings, ended) == {}
    private.expire(settings, hours=0)  # every session's policies are older than 0 hours
    assert not private.index_settings(settings, stale).index.exists()
    assert private.own(settings, user) and private.index_settings(settings, user).index.exists()  # a user's stay
    assert private.counts(settings, stale)[0] == 0
