"""Loading and chunking of the five default policies, table-driven."""

from __future__ import annotations

import pytest

from ingest import chunk, load
from ingest.chunk import MAX_CHARS
from tests.conftest import POLICIES

FILES = sorted(POLICIES.iterdir())


@pytest.mark.parametrize(
    "name, title, archived, source_host",
    [
        ("kmall24.md", "KMALL24", "2018-02-07", "www.kmall24.com"),
        ("kpopmart.md", "Kpop Mart", "2016-06-25", "kpopmart.com"),
        ("tootoomart.md", "Tootoomart", "2010-06-26", "www.tootoomart.com"),
        ("mikmik.txt", "MIKMIK", None, None),
        ("information-security-policy.txt", "Information security policy", None, None),
    ],
)
def test_titles_and_archive_metadata(name, title, archived, source_host):
    doc = load(POLICIES / name)
    assert doc.title == title
    assert doc.archived == archived
    if source_host:
        assert doc.source_url.startswith("https://web.archive.org/") and source_host in doc.source_url
        # The header is metadata, not answerable text.
        assert "extracted and transformed" not in doc.text and "Wayback" not in doc.text
    else:
        assert doc.source_url is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_text_is_clean_and_offsets_are_exact(path):
    doc = load(path)
    for markup in ("**", "\\.", "](http", "\n#", "â€", "Ã"):
        assert markup not in doc.text, markup
    chunks = chunk(doc)
    assert chunks
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert len(c.text) <= MAX_CHARS + 60  # one long sentence may exceed the target a little
        assert c.section
        for s, e in c.sentences:
            assert c.start <= s < e <= c.end
            assert doc.text[s:e].strip() == doc.text[s:e]
    # Every word of the policy text is in some chunk (headings live in section paths).
    covered = "".join(c.text for c in chunks)
    assert len(covered) > 0.85 * len(doc.text.replace("\n", ""))


def test_mojibake_is_repaired():
    doc = load(POLICIES / "tootoomart.md")
    assert "What’s more, By creating an account" in doc.text
    assert "â€™" not in doc.text


@pytest.mark.parametrize(
    "name, needle, section",
    [
        (
            "mikmik.txt",
            "Recording about customer’s complaint or trouble settlement: 3 years.",
            "5. PERIOD FOR USING & SAVING PERSONAL INFORMATION › 5.2.3",
        ),
        (
            "mikmik.txt",
            "Recording about price payment and supply of goods: 5 years.",
            "5. PERIOD FOR USING & SAVING PERSONAL INFORMATION › 5.2.2",
        ),
        (
            "mikmik.txt",
            "Name of purchaser, CI/DI: Confirmation of identity, age-limited service offer",
            "10. PROTECTION OF PERSONAL INFORMATION FOR NONE MIKMIK MEMBERS › 10.2.1",
        ),
        ("mikmik.txt", "E-mail : cs@mikmik.co.kr", "17. OPINION CONVERGENCE AND COMPLAINT SETTLEMENT"),
        (
            "mikmik.txt",
            "To identify the members along with membership services.",
            "2. PURPOSE FOR COLLECTING THE PRIVATE INFORMATION › 2.2",
        ),
        ("kpopmart.md", "the user may not, even under the supervision of a parent", "1. Privacy › Children"),
        ("kmall24.md", "We use traffic log cookies to identify which pages are being used.", "HOW WE USE COOKIES"),
        (
            "tootoomart.md",
            "We will share personal customer information only with our agents",
            "e) When and with whom can we share your personal information?",
        ),
        (
            "information-security-policy.txt",
            "lack of interacting log in after 60 days",
            "Customer’s personal information storing period",
        ),
    ],
)
def test_clauses_land_in_chunks_with_their_section_path(name, needle, section):
    doc = load(POLICIES / name)
    hits = [c for c in chunk(doc) if needle in c.text]
    assert hits, f"{needle!r} is in no chunk"
    assert section in hits[0].section


def test_mikmik_523_is_its_own_chunk():
    doc = load(POLICIES / "mikmik.txt")
    [c] = [c for c in chunk(doc) if "complaint or trouble settlement" in c.text]
    assert c.text == "5.2.3 Recording about customer’s complaint or trouble settlement: 3 years."
    assert c.section == "5. PERIOD FOR USING & SAVING PERSONAL INFORMATION › 5.2.3"


def test_sentences_split_single_sentences():
    doc = load(POLICIES / "kmall24.md")
    [c] = [c for c in chunk(doc) if c.text.startswith("We use traffic log cookies")]
    texts = [doc.text[s:e] for s, e in c.sentences]
    assert texts[0] == "We use traffic log cookies to identify which pages are being used."
    assert len(texts) == 3


def test_chunk_ids_are_deterministic():
    doc = load(POLICIES / "mikmik.txt")
    assert [c.id for c in chunk(doc)] == [c.id for c in chunk(load(POLICIES / "mikmik.txt"))]


def test_html_and_pdf_load(tmp_path):
    html = tmp_path / "acme.html"
    html.write_text(
        "<html><head><title>x</title><script>alert(1)</script></head><body>"
        "<h1>Privacy Policy - ACME Shop</h1><h2>Retention</h2><p>We keep invoices for <b>7 years</b>.</p>"
        "<ul><li>Name</li><li>Email</li></ul></body></html>"
    )
    doc = load(html)
    assert doc.title == "ACME Shop"
    assert "alert" not in doc.text and "<" not in doc.text
    [c] = [c for c in chunk(doc) if "invoices" in c.text]
    assert c.section == "Retention" and c.text == "We keep invoices for 7 years."

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.text(0.05, 0.9, "Privacy notice")
    fig.text(0.05, 0.8, "We keep order records for 7 years after the purchase.")
    fig.savefig(tmp_path / "pdfshop.pdf")
    plt.close(fig)
    doc = load(tmp_path / "pdfshop.pdf")
    assert "We keep order records for 7 years after the purchase." in doc.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding):
    """Some Windows tools save UTF-16 with no mark; it was called "a binary file" (issue 28)."""
    path = tmp_path / "windows.txt"
    path.write_bytes(
        "Windows Shop Privacy Policy\n\nWe keep your order records for 5 years. Café ©.\n".encode(encoding)
    )
    doc = load(path)
    assert "We keep your order records for 5 years. Café ©." in doc.text


def test_a_file_name_with_a_newline_is_printed_on_one_line(tmp_path):
    from ingest import Settings, ingest

    bad = tmp_path / "evil\nname.txt"
    bad.write_bytes(b"\x00\x01\x02binary" * 50)
    summary = ingest([bad], Settings.from_env({"ASSISTANT_INDEX": str(tmp_path / "index")}))
    message = str(summary.errors[0])
    assert "\n" not in message and "evil\\nname.txt" in message
