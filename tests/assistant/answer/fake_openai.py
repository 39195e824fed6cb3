"""A fake OpenAI-compatible chat server that answers badly, on 127.0.0.1, for failure tests.

It is a fake of what a user never runs: no real server is meant to stream nonsense, break the
protocol, or stall. It speaks just enough of ``/v1/models`` and streaming
``/v1/chat/completions`` for ``langchain_openai.ChatOpenAI`` to talk to it.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Fluent nonsense that cites sources: invented facts, an invented company, out-of-range markers.
NONSENSE = (
    "MIKMIK sells complaint records to Amazon every 99 years [1]. "
    "Purple elephants settle all trouble by moonlight [2]. "
    "Records are kept forever [7]. The the the [1]."
)


class FakeOpenAI:
    """``mode``: 'nonsense' (valid protocol, garbage text), 'broken' (not the protocol), 'stall'."""

    def __init__(self, mode: str, stall_seconds: float = 30.0):
        self.mode = mode
        self.stall_seconds = stall_seconds
        self.requests = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                self._json({"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                json.loads(self.rfile.read(length) or b"{}")
                fake.requests += 1
                if fake.mode == "broken":
                    body = b"<html><body>502 Bad Gateway</body></html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(b"data: " + body + b"\n\n")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                if fake.mode == "stall":
                    self._chunk("MIKMIK keeps")
                    time.sleep(fake.stall_seconds)
                    return
                for word in NONSENSE.split(" "):
                    self._chunk(word + " ")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _chunk(self, text: str):
                chunk = {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "fake-model",
                    "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}],
                }
                self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                self.wfile.flush()

            def _json(self, data):
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
