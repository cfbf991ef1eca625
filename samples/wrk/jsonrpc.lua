-- wrk script: Odoo's JSON-RPC, as a web client's first call: POST /web/webclient/version_info.
-- Run:  wrk -t2 -c16 -d30s -s samples/wrk/jsonrpc.lua http://127.0.0.1:8069  (no bench module needed)

wrk.method = "POST"
wrk.path = "/web/webclient/version_info"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}'
