"""Starting and stopping mini-odoo for one scenario: free loopback ports, a temporary data directory, its own
process group (stopped by that group, never by name), its log file kept for the scenario's checks."""
from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

STACK_LINE = re.compile(r"^\s{2,}at \S", re.M)  # a .NET stack frame ("   at Foo.Bar(...)")


def free_ports(n: int) -> list[int]:
    """n distinct free TCP ports on 127.0.0.1 (held open together so that no two probes return the same one)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def raise_own_nofile() -> int:
    """The suite opens thousands of sockets: its own soft open-files limit goes up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@dataclass
class Server:
    binary: str
    workdir: Path
    name: str
    workers: int = 2
    nofile: int | None = None  # open-files limit (soft = hard) of the server's processes
    extra: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    gport: int = 0
    proc: subprocess.Popen | None = None
    started_at: float = 0.0

    @property
    def logfile(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self, timeout: float = 30.0) -> None:
        self.port, self.gport = free_ports(2)
        data = self.workdir / f"data-{self.name}"
        data.mkdir(parents=True, exist_ok=True)
        home = self.workdir / "home"  # no ~/.odoorc of the machine is read
        home.mkdir(exist_ok=True)
        args = [self.binary, "--http-interface", "127.0.0.1", "-p", str(self.port), "--gevent-port", str(self.gport),
                "--workers", str(self.workers), "--data-dir", str(data), "--logfile", str(self.logfile), *self.extra]
        env = {k: v for k, v in os.environ.items() if k not in ("ODOO_RC",)}
        env.update(HOME=str(home), **self.env)
        nofile = self.nofile

        def limits() -> None:
            if nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        out = open(self.workdir / f"{self.name}.stdout", "ab")
        self.proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                     process_group=0, preexec_fn=limits, cwd=str(self.workdir))
        out.close()
        self.started_at = time.monotonic()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mini-odoo exited with status {self.proc.returncode} at start; log: {self.logfile}")
            text = self.log_text()
            ready = self.http_ok(self.port, "/web/health")
            if ready and (self.workers <= 0 or ("WorkerLongPolling" in text and self.http_ok(self.gport, "/longpolling/health"))):
                if self.workers <= 0 or text.count("WorkerHTTP (") >= self.workers:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"mini-odoo did not come up within {timeout:.0f} s; log: {self.logfile}")

    def status(self, timeout: float = 5.0) -> dict | None:
        """GET /web/server/status (open from loopback), or None when it does not answer."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
                s.settimeout(timeout)
                s.sendall(b"GET /web/server/status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")  # 1.0: no chunked answer
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            return json.loads(body) if head.split(b" ")[1:2] == [b"200"] else None
        except (OSError, ValueError):
            return None

    @staticmethod
    def http_ok(port: int, path: str, timeout: float = 1.0) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
                s.settimeout(timeout)
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                return s.recv(64).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM to the server's process group, SIGKILL to the group after timeout. Returns the master's status."""
        if self.proc is None:
            return None
        pgid = self.proc.pid
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        try:  # stragglers of the group (workers that outlived their master), or a master that ignored SIGTERM
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        code = self.proc.returncode
        self.proc = None
        return code

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_text(self) -> str:
        try:
            return self.logfile.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_lines(self) -> list[str]:
        return self.log_text().splitlines()

    def stack_traces(self, text: str | None = None) -> int:
        return len(STACK_LINE.findall(self.log_text() if text is None else text))

    def worker_pids(self, role: str) -> list[int]:
        """Pids of the workers of a role named in the log ('WorkerHTTP', 'WorkerLongPolling'), in order of birth."""
        return [int(p) for p in re.findall(rf"Worker {role} \((\d+)\) alive", self.log_text())]

