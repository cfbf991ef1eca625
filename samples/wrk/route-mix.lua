-- wrk script: a weighted mix of bench routes, shaped like an Odoo server's traffic: mostly requests that compute a
-- little then wait on the database, some pure computation, some waits, some JSON payloads, some health checks.
-- Run:  wrk -t2 -c16 -d30s -s samples/wrk/route-mix.lua http://127.0.0.1:8069
-- (mini-odoo with --load base,web,bench). wrk reports non-2xx answers itself; done() adds the mix actually sent.

local routes = {
  { weight = 40, path = "/bench/mixed?units=5&ms=20" },
  { weight = 20, path = "/bench/cpu?units=5" },
  { weight = 20, path = "/bench/io?ms=20" },
  { weight = 10, path = "/bench/json?kb=16" },
  { weight = 10, path = "/web/health" },
}

local total_weight = 0
for _, route in ipairs(routes) do
  total_weight = total_weight + route.weight
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  -- A different sequence per thread, the same from run to run.
  math.randomseed(id + 7)
  sent = {}
  for i = 1, #routes do
    sent[i] = 0
  end
end

function request()
  local pick = math.random(total_weight)
  for i, route in ipairs(routes) do
    pick = pick - route.weight
    if pick <= 0 then
      sent[i] = sent[i] + 1
      return wrk.format("GET", route.path)
    end
  end
end

function done(summary, latency, requests)
  io.write("route mix sent:\n")
  for i, route in ipairs(routes) do
    local count = 0
    for _, thread in ipairs(threads) do
      count = count + thread:get("sent")[i]
    end
    io.write(string.format("  %6d  %s\n", count, route.path))
  end
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
