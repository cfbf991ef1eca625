"""The Python references of the benchmarks: GET /web/health as a WSGI application, served by gunicorn's sync workers
(the process model Odoo's prefork server follows) or by werkzeug's threaded server (Odoo's workers = 0).

usage: gunicorn -w N app:application   or   python3 app.py PORT"""
import sys

HEALTH = b'{"status": "pass"}'


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(HEALTH)))])
    return [HEALTH]


if __name__ == "__main__":
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", int(sys.argv[1]), application, threaded=True)
