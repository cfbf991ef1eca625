-- wrk script: POST load on /bench/echo with a 4 KiB JSON-RPC-shaped body; every answer is checked to be the body
-- sent back, and done() reports how many were not (a mini-odoo that mangles or truncates bodies shows up here).
-- Run:  wrk -t2 -c16 -d30s -s samples/wrk/post-echo.lua http://127.0.0.1:8069
-- The body limit is 1 MiB: larger bodies get 413, which wrk counts as non-2xx.

local filler = string.rep("x", 4096 - 93) -- 93: the JSON around it
wrk.method = "POST"
wrk.path = "/bench/echo"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"model": "res.partner", "note": "' .. filler .. '"}}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  mismatched = 0
end

function response(status, headers, body)
  if status ~= 200 or body ~= wrk.body then
    mismatched = mismatched + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("mismatched")
  end
  io.write(string.format("echo mismatches: %d (body of %d bytes)\n", total, #wrk.body))
end
