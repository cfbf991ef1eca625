// k6: an HTTP mix against mini-odoo's bench routes (start it with --load base,web,bench).
//   k6 run samples/k6/http-mix.js
//   k6 run -e BASE_URL=http://127.0.0.1:8069 -e VUS=32 -e DURATION=1m samples/k6/http-mix.js
// Each virtual user picks a route by weight, checks the answer, and k6 reports latency per route (tag "route").
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8069';

export const options = {
  vus: Number(__ENV.VUS || 16),
  duration: __ENV.DURATION || '30s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

const routes = [
  { weight: 40, name: 'mixed', method: 'GET', path: '/bench/mixed?units=5&ms=20' },
  { weight: 20, name: 'cpu', method: 'GET', path: '/bench/cpu?units=5' },
  { weight: 15, name: 'io', method: 'GET', path: '/bench/io?ms=20' },
  { weight: 10, name: 'json', method: 'GET', path: '/bench/json?kb=16' },
  { weight: 10, name: 'echo', method: 'POST', path: '/bench/echo' },
  { weight: 5, name: 'version_info', method: 'POST', path: '/web/webclient/version_info' },
];
const totalWeight = routes.reduce((sum, route) => sum + route.weight, 0);
const echoBody = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { note: 'x'.repeat(2000) } });
const rpcBody = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 });

function pick() {
  let n = Math.random() * totalWeight;
  for (const route of routes) {
    n -= route.weight;
    if (n < 0) {
      return route;
    }
  }
  return routes[0];
}

export default function () {
  const route = pick();
  const params = { tags: { route: route.name }, headers: { 'Content-Type': 'application/json' } };
  const body = route.name === 'echo' ? echoBody : route.name === 'version_info' ? rpcBody : null;
  const res = http.request(route.method, `${BASE_URL}${route.path}`, body, params);
  check(res, {
    'status is 200': (r) => r.status === 200,
    'bench answers name the process': (r) =>
      !route.path.startsWith('/bench/') || route.name === 'echo'
        ? true
        : typeof r.json('pid') === 'number' && typeof r.json('role') === 'string',
    'echo returns the body': (r) => route.name !== 'echo' || r.body === echoBody,
  });
}
