# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A fake Telegram Bot API on loopback, for the tests (no Internet).

python-telegram-bot talks to it over real HTTP (its ``base_url`` is the
gateway's *Bot API server*); it answers the methods the OCA gateway calls
and records every call, so a test can check what the bot sent.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


class FakeBotApi:
    """``with FakeBotApi() as api:`` serves on ``api.url`` until the end."""

    def __init__(self):
        self.calls = []
        self.files = {}
        self._message_id = 1000
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                return

            def do_GET(self):
                # /file/bot<token>/<file_path>
                path = self.path.split("/", 3)[-1]
                data = api.files.get(path, b"")
                self.send_response(200 if data else 404)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8", "replace")
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(raw or "{}")
                else:
                    params = {k: v[-1] for k, v in parse_qs(raw).items()}
                method = self.path.rsplit("/", 1)[-1]
                api.calls.append((method, params))
                body = json.dumps(
                    {"ok": True, "result": api.answer(method, params)}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def answer(self, method, params):
        chat_id = int(params.get("chat_id") or 0)
        if method == "getMe":
            return {
                "id": 4242,
                "is_bot": True,
                "first_name": "Support",
                "username": "support_test_bot",
            }
        if method in ("setWebhook", "deleteWebhook"):
            return True
        if method == "getWebhookInfo":
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        if method == "getChat":
            return {
                "id": chat_id,
                "type": "supergroup",
                "title": "Customer chat",
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": GIFTS,
            }
        if method == "getFile":
            file_id = params.get("file_id")
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": file_id,
            }
        if method in ("sendMessage", "sendDocument", "sendPhoto"):
            self._message_id += 1
            return {
                "message_id": self._message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "supergroup", "title": "Customer chat"},
                "text": params.get("text", ""),
            }
        return True

    def sent(self, method="sendMessage"):
        return [params for name, params in self.calls if name == method]
