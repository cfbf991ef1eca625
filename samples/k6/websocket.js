// k6: websocket clients of the bus, in Odoo's protocol (mini-odoo with the bus module loaded).
//   k6 run samples/k6/websocket.js
//   k6 run -e WS_URL=ws://127.0.0.1:8072/websocket -e VUS=200 -e HOLD=60 samples/k6/websocket.js
// Each virtual user opens /websocket, sends {"event_name": "subscribe", "data": {"channels": [...], "last": 0}},
// holds the connection HOLD seconds and counts the notification frames (a JSON array of {"id", "message"}) it
// gets, keeping its highest id (the "last" that Odoo's web worker sends when it subscribes again after a reconnect).
// Messages arrive when something publishes to the channels, e.g. samples/k6/longpolling.js with ADMIN_PASSWD set,
// or: curl -H 'Authorization: Bearer <admin_passwd>' -d '{"channel":"k6-room-1","type":"t","payload":{}}' \
//       http://127.0.0.1:8069/bus/send
import ws from 'k6/ws';
import { check } from 'k6';
import { Counter } from 'k6/metrics';

const WS_URL = __ENV.WS_URL || 'ws://127.0.0.1:8069/websocket';
const CHANNELS = (__ENV.CHANNELS || 'k6-room-1,k6-room-2').split(',');
const HOLD_SECONDS = Number(__ENV.HOLD || 30);
const received = new Counter('bus_notifications_received');
const badFrames = new Counter('bus_bad_frames');

export const options = {
  vus: Number(__ENV.VUS || 50),
  iterations: Number(__ENV.VUS || 50),
  thresholds: {
    ws_connecting: ['p(95)<1000'],
    bus_bad_frames: ['count==0'],
  },
};

export default function () {
  // Odoo checks the Origin of a websocket against the server's own address.
  const origin = WS_URL.replace(/^ws/, 'http').replace(/\/websocket.*$/, '');
  const res = ws.connect(WS_URL, { headers: { Origin: origin } }, function (socket) {
    let last = 0;
    socket.on('open', () => {
      socket.send(JSON.stringify({ event_name: 'subscribe', data: { channels: CHANNELS, last: last } }));
    });
    socket.on('message', (text) => {
      let frame;
      try {
        frame = JSON.parse(text);
      } catch (e) {
        badFrames.add(1);
        return;
      }
      if (!Array.isArray(frame)) {
        badFrames.add(1);
        return;
      }
      received.add(frame.length);
      for (const notification of frame) {
        last = Math.max(last, notification.id);
      }
    });
    socket.on('close', () => {});
    socket.setTimeout(() => socket.close(), HOLD_SECONDS * 1000);
  });
  check(res, { 'switched to websocket (101)': (r) => r && r.status === 101 });
}
