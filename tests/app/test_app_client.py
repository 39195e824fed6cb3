"""The `/ask` endpoint through gradio_client, as the contract and the README call it."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from web.page import EXAMPLES

pytestmark = pytest.mark.e2e

COMPLAINTS = "How long does MIKMIK keep complaint records?"


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


def test_ask_returns_the_answer_as_json(client):
    result = client.predict(COMPLAINTS, None, api_name="/ask")
    assert {"text", "answerable", "backend", "citations"} <= set(result)
    assert result["answerable"] is True
    assert result["backend"] == "extractive"
    assert "3 years" in result["text"]
    for cit in result["citations"]:
        assert set(cit) >= {"policy", "title", "section", "quote", "start", "end"}
        assert cit["end"] - cit["start"] == len(cit["quote"])
    assert any(c["policy"] == "mikmik" and "5.2.3" in c["section"] for c in result["citations"])


@pytest.mark.parametrize("question", EXAMPLES)
def test_the_page_examples_are_answered(client, question):
    result = client.predict(question, None, api_name="/ask")
    assert result["answerable"] is True, result["text"]
    assert result["citations"]


def test_ask_limited_to_one_policy(client):
    result = client.predict("What information do you collect?", "kpopmart", api_name="/ask")
    assert result["citations"]
    assert {c["policy"] for c in result["citations"]} == {"kpopmart"}


def test_ask_unknown_policy_names_the_known_ones(client):
    with pytest.raises(AppError) as err:
        client.predict(COMPLAINTS, "no-such-shop", api_name="/ask")
    assert "mikmik" in str(err.value)


def test_ask_unanswerable(client):
    result = client.predict("Does Kmall24 use Google Analytics?", None, api_name="/ask")
    assert result["answerable"] is False
    assert result["citations"] == [] or all(c["quote"] for c in result["citations"])


def test_model_and_index_load_once_per_process(client, app_server):
    for question in ("Does Kpop Mart use cookies?", "Is my credit card number safe?"):
        client.predict(question, None, api_name="/ask")
    log = app_server.log()
    # assistant.retrieval.embedder logs this line each time it builds the encoder that embeds questions
    # (and "loading embedding model" for the one ingest uses, only when it has to build the index).
    assert log.count("loading query encoder") == 1, log
    assert log.count("loading embedding model") <= 1, log
    assert log.index("loading query encoder") < log.index("assistant ready") < log.index("ready on http://127.0.0.1:")


def test_basic_auth_from_environment(app_env, start_app, tmp_path):
    server = start_app({**app_env, "ASSISTANT_AUTH": "alice:s3cret-pass"}, tmp_path / "auth-app.log")
    try:
        assert "login required" in server.log()
        with pytest.raises(Exception):  # noqa: B017 - gradio_client's error type differs across versions
            Client(server.url, verbose=False).predict(COMPLAINTS, None, api_name="/ask")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(server.url + "gradio_api/info", timeout=30)
        authed = Client(server.url, auth=("alice", "s3cret-pass"), verbose=False)
        assert "3 years" in authed.predict(COMPLAINTS, None, api_name="/ask")["text"]
    finally:
        server.stop()


def test_ask_errors_reach_api_clients_as_plain_text(client):
    """The message quotes the bad value as typed: an API client is not a page, so no "&lt;img…"."""
    bad = "<img src=x onerror=alert(1)>"
    with pytest.raises(AppError) as err:
        client.predict(COMPLAINTS, bad, api_name="/ask")
    assert bad in str(err.value) and "&lt;" not in str(err.value)
