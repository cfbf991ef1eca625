"""What wrk does not show: the latency of a client that opens a new connection for each request, connect included,
so that a SYN dropped by a full accept queue shows as a 1 s or 3 s wait. Runs beside a load for SECONDS, one request
every 20 ms, and prints: requests, failures, p50, p99 and max in milliseconds.

usage: connect-probe.py URL SECONDS"""
import socket
import sys
import time
from urllib.parse import urlsplit


def one(host, port, path):
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    if not answer.startswith(b"HTTP/1.1 200"):
        raise OSError("not a 200")
    return (time.monotonic() - started) * 1000


def main(url, seconds):
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    times, failures = [], 0
    while time.monotonic() < deadline:
        try:
            times.append(one(parts.hostname, parts.port, parts.path or "/"))
        except OSError:
            failures += 1
        time.sleep(0.02)
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else 0.0
    print(len(times), failures, f"{pick(0.5):.1f}", f"{pick(0.99):.1f}", f"{times[-1] if times else 0:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
