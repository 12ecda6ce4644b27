"""A small Language Server Protocol client over stdio, for driving yaml-language-server.

Enough of LSP to open documents and collect the diagnostics the server publishes for them:
``initialize``, ``initialized``, ``workspace/didChangeConfiguration``, ``textDocument/didOpen``;
the server's own requests (``workspace/configuration``, capability registration) are answered.
Every wait is bounded.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LanguageServer:
    def __init__(self, command: list[str], settings: dict[str, Any], root: Path) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                    "capabilities": {"workspace": {"configuration": True}}})  # fmt: skip
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _sep, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 30) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        for message in self._until(timeout):
            if message.get("id") == wanted and "method" not in message:
                return message.get("result")
        raise TimeoutError(method)

    def _until(self, timeout: float, quiet: list[float] | None = None) -> Any:
        """Messages as they come for at most ``timeout`` seconds (or until ``quiet[0]``, a
        time the caller may set, passes), the server's requests answered on the way."""
        end = time.monotonic() + timeout
        while time.monotonic() < min(end, quiet[0] if quiet else end):
            limit = min(end, quiet[0] if quiet else end)
            try:
                message = self.messages.get(timeout=max(limit - time.monotonic(), 0.01))
            except queue.Empty:
                return
            if "method" in message and "id" in message:  # a request of the server's
                result: Any = None
                if message["method"] == "workspace/configuration":
                    items = message["params"]["items"]
                    result = [self.settings.get(item.get("section", ""), {}) for item in items]
                self._send({"id": message["id"], "result": result})
                continue
            yield message

    def diagnostics(self, path: Path, timeout: float = 30) -> list[dict[str, Any]]:
        """Open ``path`` and return what the server publishes for it (waiting until it has
        published once, then a little longer for a second, later round)."""
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8")}})  # fmt: skip
        found: list[dict[str, Any]] | None = None
        quiet = [time.monotonic() + timeout]
        for message in self._until(timeout, quiet):
            published = message.get("method") == "textDocument/publishDiagnostics"
            if published and message["params"]["uri"] == uri:
                found = message["params"]["diagnostics"]
                quiet[0] = time.monotonic() + 1.0  # a later round may follow
        if found is None:
            raise TimeoutError(f"no diagnostics for {path}")
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return found

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
        except (TimeoutError, OSError):
            pass
        self.process.kill()
        self.process.wait(timeout=10)
