// k6: long-polling clients of the bus, in Odoo's protocol (mini-odoo with the bus module loaded).
//   k6 run samples/k6/longpolling.js
//   k6 run -e BASE_URL=http://127.0.0.1:8072 -e VUS=200 -e ADMIN_PASSWD=secret samples/k6/longpolling.js
// Each virtual user polls POST /longpolling/poll with a JSON-RPC call {"channels": [...], "last": N} and keeps the
// highest notification id it has seen as its next "last", as Odoo's web client does. The server holds a poll until
// a notification arrives or its timeout passes (then answers an empty list). With ADMIN_PASSWD set, one extra user
// publishes to the channels through POST /bus/send (Authorization: Bearer <admin_passwd>) so that polls return
// messages; without it the polls simply wait out their timeout.
// In prefork mode long-polling is served on gevent_port (8072) or handed over from http_port; PUBLISH_URL (default
// BASE_URL) is where /bus/send is posted.
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8069';
const CHANNELS = (__ENV.CHANNELS || 'k6-room-1,k6-room-2').split(',');
const ADMIN_PASSWD = __ENV.ADMIN_PASSWD || '';
const PUBLISH_URL = __ENV.PUBLISH_URL || BASE_URL;
const received = new Counter('bus_notifications_received');

const scenarios = {
  pollers: {
    executor: 'constant-vus',
    exec: 'poll',
    vus: Number(__ENV.VUS || 50),
    duration: __ENV.DURATION || '1m',
  },
};
if (ADMIN_PASSWD) {
  scenarios.publisher = {
    executor: 'constant-arrival-rate',
    exec: 'publish',
    rate: Number(__ENV.PUBLISH_RATE || 5),
    timeUnit: '1s',
    duration: __ENV.DURATION || '1m',
    preAllocatedVUs: 2,
  };
}

export const options = {
  scenarios: scenarios,
  thresholds: {
    http_req_failed: ['rate<0.01'],
  },
};

let last = 0;

export function poll() {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { channels: CHANNELS, last: last } });
  const res = http.post(`${BASE_URL}/longpolling/poll`, body, {
    headers: { 'Content-Type': 'application/json' },
    timeout: '120s', // a poll may be held for Odoo's 50 s before an empty answer
    tags: { route: 'poll' },
  });
  const ok = check(res, {
    'status is 200': (r) => r.status === 200,
    'a JSON-RPC result list': (r) => Array.isArray(r.json('result')),
  });
  if (!ok) {
    sleep(1); // do not spin on a server that refuses
    return;
  }
  const notifications = res.json('result');
  received.add(notifications.length);
  for (const notification of notifications) {
    last = Math.max(last, notification.id);
  }
}

export function publish() {
  const channel = CHANNELS[Math.floor(Math.random() * CHANNELS.length)];
  const res = http.post(
    `${PUBLISH_URL}/bus/send`,
    JSON.stringify({ channel: channel, type: 'k6.message', payload: { at: Date.now() } }),
    { headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN_PASSWD}` }, tags: { route: 'send' } },
  );
  check(res, { 'published': (r) => r.status === 200 && typeof r.json('id') === 'number' });
}
