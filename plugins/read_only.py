"""The published site is read-only: any request that is not GET, HEAD or OPTIONS gets a 405.

Datasette 0.65 has no write API and our metadata defines no writable canned query, but its
views do not all refuse a POST cleanly: a POST to a table or to a read-only canned query
ends in an AssertionError, i.e. a 500 error page (tests/test_security.py). Refusing every
other method before Datasette routes the request gives one plain answer everywhere. A site
that wants a writable canned query must put it behind datasette-auth-passwords (or similar)
with an `allow` block, and let that path through here; see docs/publishing.md.
"""
from __future__ import annotations

from datasette import hookimpl

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def refuse_writes(app):
    async def read_only_app(scope, receive, send):
        if scope["type"] != "http" or scope.get("method", "GET") in READ_METHODS:
            await app(scope, receive, send)
            return
        body = b"This site is read-only: only GET, HEAD and OPTIONS requests are answered.\n"
        await send({
            "type": "http.response.start",
            "status": 405,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"allow", b"GET, HEAD, OPTIONS"),
                (b"content-length", str(len(body)).encode()),
            ],
        })
        await send({"type": "http.response.body", "body": body})

    return read_only_app


@hookimpl
def asgi_wrapper(datasette):
    return refuse_writes
