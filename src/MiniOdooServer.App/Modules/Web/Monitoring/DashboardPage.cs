using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Monitoring;

namespace MiniOdooServer.App.Modules.Web.Monitoring;

/// <summary>
/// <c>GET /web/server/dashboard</c>: one self-contained page (inline script and style, nothing fetched from anywhere
/// but <c>/web/server/status</c> on its own origin) that reads the status every second and shows the worker table,
/// requests per second, busy workers, memory per worker, recent recycles, kills and respawns, and the longpolling
/// worker's connections. Every value is rendered with <c>textContent</c>, never as HTML (paths come from clients).
/// Open to whoever may see the status (<see cref="StatusAccess"/>).
/// </summary>
internal static class DashboardPage
{
    private static readonly SelfContainedPage Page = new(Html);

    public static async Task HandleAsync(HttpContext context)
    {
        if (await StatusAccess.AdmitAsync(context) is not null)
        {
            await Page.WriteAsync(context);
        }
    }

    private const string Html = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mini-odoo dashboard</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; }
  .figures { display: flex; gap: 1rem; flex-wrap: wrap; margin-bottom: 1rem; }
  .figure { border: 1px solid #ccc; border-radius: .4rem; padding: .4rem .8rem; min-width: 8rem; }
  .figure b { display: block; font-size: 1.6rem; }
  table { border-collapse: collapse; margin-bottom: 1rem; }
  th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; font-variant-numeric: tabular-nums; }
  tr[data-state="busy"] td { background: #fde9c8; }
  tr[data-state="exiting"] td, tr[data-state="booting"] td { color: #888; }
  .bar { display: inline-block; height: .7rem; background: #7aa6d6; vertical-align: middle; margin-right: .3rem; }
  #events li[data-type="kill"], #events li[data-type="died"] { color: #a00; }
  #error { color: #a00; min-height: 1.2em; }
  code { font-size: .9em; }
</style>
</head>
<body>
<h1>mini-odoo <span id="mode"></span></h1>
<p>server pid <span id="server-pid">?</span> &middot; updated <span id="updated">never</span></p>
<p id="error" role="alert"></p>
<div class="figures">
  <div class="figure">requests/s<b id="rps">-</b></div>
  <div class="figure">requests<b id="total">0</b></div>
  <div class="figure">busy workers<b id="busy">0</b></div>
  <div class="figure">idle workers<b id="idle">0</b></div>
  <div class="figure">listen queue<b id="queue">-</b></div>
  <div class="figure">longpolling connections<b id="connections">0</b></div>
  <div class="figure">bus messages<b id="bus">0</b></div>
</div>
<h2>Processes</h2>
<table>
  <thead><tr><th>pid</th><th>role</th><th>gen</th><th>state</th><th>served</th><th>age (s)</th><th>memory</th><th>cpu (s)</th><th>current request</th><th>last exit in slot</th></tr></thead>
  <tbody id="workers"></tbody>
</table>
<h2>Recycles, kills, respawns</h2>
<p id="totals">none yet</p>
<h2>Recent events</h2>
<ul id="events"></ul>
<script>
"use strict";
const $ = id => document.getElementById(id);
let previous = null;

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function megabytes(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

function render(status) {
  $("mode").textContent = status.mode;
  $("server-pid").textContent = status.server_pid;
  $("updated").textContent = new Date().toLocaleTimeString();
  const now = Date.now();
  if (previous !== null && now > previous.at) {
    $("rps").textContent = ((status.total_requests - previous.total) * 1000 / (now - previous.at)).toFixed(1);
  }
  previous = { at: now, total: status.total_requests };
  $("total").textContent = status.total_requests;
  $("busy").textContent = status.busy_workers;
  $("idle").textContent = status.idle_workers;
  const queue = status.http_listen_queue;
  $("queue").textContent = queue ? queue.depth + " / " + queue.backlog : "n/a";
  $("connections").textContent = status.longpolling_connections;
  $("bus").textContent = status.bus_messages_published;

  const largest = Math.max(1, ...status.processes.map(p => p.resident_bytes));
  const body = document.createElement("tbody");
  body.id = "workers";
  for (const p of status.processes) {
    const row = document.createElement("tr");
    row.dataset.pid = p.pid;
    row.dataset.role = p.role;
    row.dataset.state = p.state;
    cell(row, p.pid);
    cell(row, p.role);
    cell(row, p.generation);
    cell(row, p.state);
    cell(row, p.served);
    cell(row, Math.round(p.age_seconds));
    const memory = cell(row, "");
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = (6 * p.resident_bytes / largest).toFixed(2) + "rem";
    memory.appendChild(bar);
    memory.appendChild(document.createTextNode(megabytes(p.resident_bytes)));
    cell(row, p.cpu_seconds.toFixed(2));
    const current = p.current
      ? p.current.method + " " + p.current.path + " (" + p.current.elapsed_seconds.toFixed(1) + " s)"
      : p.connections !== null ? p.connections + " connection(s)" : "-";
    cell(row, current);
    cell(row, p.previous ? p.previous.pid + ": " + p.previous.reason : "-");
    body.appendChild(row);
  }
  $("workers").replaceWith(body);

  const parts = [];
  for (const r of status.recycles) parts.push(r.role + " recycled (" + r.reason + "): " + r.count);
  for (const k of status.kills) parts.push(k.role + " killed (" + k.reason + "): " + k.count);
  for (const c of status.crashes) if (c.count > 0) parts.push(c.role + " died: " + c.count);
  for (const s of status.respawns) if (s.count > 0) parts.push(s.role + " respawned: " + s.count);
  $("totals").textContent = parts.length ? parts.join(" · ") : "none yet";

  const list = document.createElement("ul");
  list.id = "events";
  for (const e of status.events.slice().reverse().slice(0, 20)) {
    const item = document.createElement("li");
    item.dataset.type = e.type;
    item.dataset.pid = e.pid;
    item.textContent = new Date(e.at).toLocaleTimeString() + " " + e.type + " " + e.role + " " + e.pid + " (" + e.reason + "): " + e.detail;
    list.appendChild(item);
  }
  $("events").replaceWith(list);
}

async function refresh() {
  try {
    const response = await fetch("/web/server/status", { cache: "no-store" });
    if (!response.ok) {
      // A 503 says why (e.g. the scoreboard is stuck mid-write): show its error, not just the number.
      const detail = await response.json().then(body => body.error, () => null);
      throw new Error(detail || "status " + response.status);
    }
    render(await response.json());
    $("error").textContent = "";
  } catch (e) {
    $("error").textContent = "cannot read the status: " + e.message;
  }
  setTimeout(refresh, 1000);
}
refresh();
</script>
</body>
</html>
""";
}
