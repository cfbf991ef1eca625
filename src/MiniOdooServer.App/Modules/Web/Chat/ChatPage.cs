using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Modules.Web.Chat;

/// <summary>
/// <c>GET /web/chat</c>: one self-contained page (inline script and style, nothing fetched from elsewhere — its
/// Content-Security-Policy forbids it) that chats on <see cref="ChatPostEndpoint.Channel"/>. It receives through
/// <c>/websocket</c> with Odoo's subscribe event, reconnects with exponential back-off and jitter resending
/// <c>last</c> (as Odoo's websocket worker does), shows the connection state, and posts through
/// <c>/web/chat/post</c>. User text is only ever rendered with <c>textContent</c>, never parsed as HTML.
/// </summary>
internal static class ChatPage
{
    private static readonly SelfContainedPage Page = new(Html);

    public static Task HandleAsync(HttpContext context) => Page.WriteAsync(context);

    private const string Html = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mini-odoo live chat</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  #state { display: inline-block; padding: .1rem .5rem; border-radius: .5rem; background: #ddd; }
  #state[data-state="connected"] { background: #bfe8c0; }
  #state[data-state="reconnecting"] { background: #f5d3a8; }
  #messages { list-style: none; padding: 0; border: 1px solid #ccc; height: 20rem; overflow-y: auto; }
  #messages li { padding: .25rem .5rem; border-bottom: 1px solid #eee; overflow-wrap: anywhere; }
  #error { color: #a00; min-height: 1.2em; }
  #heartbeat { color: #555; font-size: .9em; }
  form { display: flex; gap: .5rem; }
  #text { flex: 1; }
</style>
</head>
<body>
<h1>Live chat</h1>
<p>Channel <code>chat.public</code> &middot; <span id="state" data-state="connecting">connecting</span></p>
<p id="heartbeat" data-state="none">No server heartbeat yet</p>
<ul id="messages" aria-live="polite"></ul>
<form id="form">
  <input id="author" placeholder="Your name" maxlength="40" size="10">
  <input id="text" placeholder="Message" maxlength="500" autocomplete="off" required>
  <button type="submit">Send</button>
</form>
<p id="error" role="alert"></p>
<script>
(() => {
  'use strict';
  const CHANNEL = 'chat.public';
  const INITIAL_DELAY_MS = 1000, MAX_DELAY_MS = 60000; // Odoo's websocket worker: 1 s doubling up to 60 s
  const stateEl = document.getElementById('state');
  const list = document.getElementById('messages');
  const form = document.getElementById('form');
  const author = document.getElementById('author');
  const text = document.getElementById('text');
  const errorEl = document.getElementById('error');
  const heartbeatEl = document.getElementById('heartbeat');
  let last = 0;       // the highest notification id received: resent on every (re)connection, so nothing is lost
  let attempts = 0;   // failed connections in a row: the back-off exponent
  let socket = null;

  function setState(state, detail) {
    stateEl.textContent = detail ? state + ' (' + detail + ')' : state;
    stateEl.dataset.state = state;
  }

  function show(notification) {
    if (typeof notification !== 'object' || notification === null || !(notification.id > last)) {
      return; // already shown (a resent batch) or not a notification
    }
    last = notification.id;
    const message = notification.message || {};
    if (message.type === 'cron.run' && typeof message.payload === 'object' && message.payload !== null) {
      // A cron job publishing here (server.conf's heartbeat): one status line, not a chat message.
      const p = message.payload;
      heartbeatEl.textContent = 'Server heartbeat: job ' + String(p.job) + ' ran in ' + String(p.role) + ' process ' +
        String(p.pid) + ' at ' + new Date(String(p.ran_at)).toLocaleTimeString();
      heartbeatEl.dataset.state = 'seen';
      return;
    }
    if (message.type !== 'chat.message' || typeof message.payload !== 'object' || message.payload === null) {
      return;
    }
    const item = document.createElement('li');
    const who = document.createElement('strong');
    who.textContent = String(message.payload.author) + ': ';
    const what = document.createElement('span');
    what.className = 'text';
    what.textContent = String(message.payload.text); // textContent: user text is never HTML
    item.append(who, what);
    list.append(item);
    list.scrollTop = list.scrollHeight;
  }

  function connect() {
    setState(attempts === 0 ? 'connecting' : 'reconnecting');
    const url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/websocket';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      setState('connected');
      ws.send(JSON.stringify({ event_name: 'subscribe', data: { channels: [CHANNEL], last: last } }));
    };
    ws.onmessage = (event) => {
      let batch;
      try {
        batch = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (Array.isArray(batch)) {
        batch.forEach(show);
      }
    };
    ws.onclose = (event) => {
      if (socket !== ws) {
        return;
      }
      socket = null;
      // A server going away (1001) or ending the connection's lifetime (4002) is not a failure: come back at once.
      const clean = event.code === 1001 || event.code === 4002;
      const delay = clean ? 0 : Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** attempts) * (0.5 + Math.random() / 2);
      attempts = clean ? 0 : attempts + 1;
      setState('reconnecting', 'closed with ' + event.code + ', next try in ' + Math.round(delay / 100) / 10 + ' s');
      setTimeout(connect, delay);
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorEl.textContent = '';
    const body = JSON.stringify({ author: author.value, text: text.value });
    try {
      const response = await fetch('/web/chat/post', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body,
      });
      if (response.ok) {
        text.value = '';
        return;
      }
      let detail = response.status + ' ' + response.statusText;
      try {
        detail = (await response.json()).error.data.message;
      } catch (e) {
        // not Odoo's error shape: keep the status line
      }
      errorEl.textContent = detail;
    } catch (e) {
      errorEl.textContent = 'not sent: ' + e;
    }
  });

  connect();
})();
</script>
</body>
</html>
""";
}
