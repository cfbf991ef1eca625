#!/usr/bin/env python3
"""A minimal gevent long-poll server, what Odoo's evented process is built on (gevent.pywsgi + monkey patching),
speaking mini-odoo's two routes so that tools/LongPollingBench drives both alike:

  POST /longpolling/poll  JSON-RPC {"params": {"channels", "last"}}: the messages after last, else waits up to 50 s
  POST /bus/send          {"channel", "type", "payload"}: stores and wakes every waiting poll; answers {"id": N}

In memory, no authentication, no retention: the bench's reference point, not a server.
usage: gevent_longpoll.py PORT
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402

import gevent.event  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402

messages = []  # (id, channel, message)
changed = gevent.event.Event()


def after(channels, last):
    return [{"id": i, "channel": c, "message": m} for i, c, m in messages if i > last and c in channels]


def answer(start_response, body, status="200 OK"):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def app(environ, start_response):
    global changed
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except ValueError:
        return answer(start_response, {"error": "invalid JSON"}, "400 Bad Request")
    path = environ["PATH_INFO"]
    if path == "/bus/send":
        messages.append((len(messages) + 1, body["channel"], {"type": body["type"], "payload": body["payload"]}))
        woken, changed = changed, gevent.event.Event()
        woken.set()
        return answer(start_response, {"id": len(messages)})
    if path == "/longpolling/poll":
        params = body.get("params", {})
        channels, last = set(params.get("channels", [])) | {"broadcast"}, params.get("last", 0)
        found = after(channels, last)
        if not found:
            event = changed
            event.wait(50)
            found = after(channels, last)
        return answer(start_response, {"jsonrpc": "2.0", "id": body.get("id"), "result": found})
    return answer(start_response, {"error": "not found"}, "404 Not Found")


if __name__ == "__main__":
    WSGIServer(("127.0.0.1", int(sys.argv[1])), app, log=None).serve_forever()
