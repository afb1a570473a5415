"""An HTTP client of this process's Odoo, for the check scripts
(check_demo.py, check_uninstall.py): werkzeug's test client on Odoo's WSGI
application, logged in through the real login form."""

import re

from werkzeug.test import Client

import odoo.http

CSRF = r'name="csrf_token"\s+value="([^"]+)"'


def app(environ, start_response):
    environ.setdefault("REMOTE_ADDR", "127.0.0.1")
    return odoo.http.root(environ, start_response)


def log_in(database, login, password):
    """A client that posted ``login`` / ``password`` to /web/login with the
    form's CSRF token; the client and the login response (303 when it
    succeeded)."""
    client = Client(app)
    page = client.get("/web/login")
    token = re.search(CSRF, page.text)
    response = client.post(
        "/web/login",
        data={
            "login": login,
            "password": password,
            "csrf_token": token and token.group(1),
            "db": database,
        },
    )
    return client, response
