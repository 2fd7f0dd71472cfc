#!/usr/bin/env python3
"""CoAP abuse against a running `healbms run` on loopback (driven by scripts/coap-abuse.sh).

Plain UDP sockets and hand-built CoAP (RFC 7252) messages: no third-party package. One phase per
call; a probe from its own loopback address (127.0.0.2) GETs /pack every 250 ms throughout and
counts answers that are not a 2.05 within 1 s. Prints one JSON object on its last line.

  coap_abuse.py get       PORT SECONDS CLIENTS GETS   200 clients x 50 GETs of every resource
  coap_abuse.py put-flood PORT SECONDS SOCKETS        unauthenticated PUTs as fast as they go
  coap_abuse.py malformed PORT SECONDS COUNT          garbage datagrams
"""
import json
import os
import random
import socket
import struct
import sys
import threading
import time

RESOURCES = ["pack", "cells/1", "cells/2", "cells/3", "cells/4", "cells/1/impedance", "signatures", "readings",
             "audit", "rules", "healing/mode", "healing/efficacy", ".well-known/core"]
CON, NON = 0, 1
GET, PUT = 1, 3
CONTENT = (2 << 5) | 5


def message(mtype, code, mid, token, path, payload=b"", query=()):
    """A CoAP message: header, token, Uri-Path (11) and Uri-Query (15) options, payload."""
    out = bytearray([0x40 | (mtype << 4) | len(token), code]) + struct.pack("!H", mid & 0xFFFF) + token
    last = 0
    options = [(11, seg.encode()) for seg in path.split("/") if seg] + [(15, q.encode()) for q in query]
    for number, value in options:
        delta, length = number - last, len(value)
        last = number
        ext = b""
        d = delta if delta < 13 else 13
        if delta >= 13:
            ext += bytes([delta - 13])
        n = length if length < 13 else 13
        if length >= 13:
            ext += bytes([length - 13])
        out += bytes([(d << 4) | n]) + ext + value
    if payload:
        out += b"\xff" + payload
    return bytes(out)


class Probe(threading.Thread):
    """GET /pack every 250 ms from 127.0.0.2; an answer is a 2.05 within 1 s of the first try.

    Like any CoAP client it retransmits a CON that got no answer (every 250 ms within the 1 s, a LAN
    client's timeout rather than RFC 7252's 2 s): a flood that outruns the receiving thread makes the
    kernel drop datagrams from every sender before the firmware sees them. First tries without an
    answer are counted (first_try_lost)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.sent = self.answered = self.late = self.first_try_lost = 0
        self.worst_ms = 0.0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.2", 0))

    def run(self):
        mid = random.randrange(65536)
        while not self.stop.is_set():
            mid += 1
            token = os.urandom(4)
            start = time.monotonic()
            request = message(CON, GET, mid, token, "pack")
            self.sock.sendto(request, ("127.0.0.1", self.port))
            self.sent += 1
            ok = False
            tries = 1
            while time.monotonic() - start < 1.0:
                wait_until = min(1.0, 0.25 * tries)
                self.sock.settimeout(max(0.001, wait_until - (time.monotonic() - start)))
                try:
                    data = self.sock.recv(4096)
                except socket.timeout:
                    if tries < 4:
                        self.first_try_lost += tries == 1
                        tries += 1
                        self.sock.sendto(request, ("127.0.0.1", self.port))
                        continue
                    break
                if len(data) >= 4 + len(token) and data[4:4 + len(token)] == token:
                    ok = data[1] == CONTENT
                    break
            elapsed = (time.monotonic() - start) * 1000
            if ok:
                self.answered += 1
                self.worst_ms = max(self.worst_ms, elapsed)
            else:
                self.late += 1
            self.stop.wait(max(0.0, 0.25 - elapsed / 1000))


def get_clients(port, seconds, clients, gets):
    """Each client its own socket on its own loopback address (127.0.1.N), GETs one after another."""
    codes = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.%d.%d" % (1 + n // 250, 1 + n % 250), 0))
        s.settimeout(2.0)
        mid = random.randrange(65536)
        mine = {}
        for i in range(gets):
            if time.monotonic() > deadline:
                break
            mid += 1
            token = os.urandom(4)
            s.sendto(message(CON, GET, mid, token, RESOURCES[(n + i) % len(RESOURCES)]), ("127.0.0.1", port))
            code = "timeout"
            try:
                while True:
                    data = s.recv(65536)
                    if data[4:4 + len(token)] == token:
                        code = "%d.%02d" % (data[1] >> 5, data[1] & 31)
                        break
            except socket.timeout:
                pass
            mine[code] = mine.get(code, 0) + 1
        s.close()
        with lock:
            for k, v in mine.items():
                codes[k] = codes.get(k, 0) + v

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, deadline + 3 - time.monotonic()))
    return {"requests": sum(codes.values()), "answers": codes}


def put_flood(port, seconds, sockets):
    """Unauthenticated PUT /healing/mode from SOCKETS sockets of one address, flat out (responses unread)."""
    socks = []
    for _ in range(sockets):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.setblocking(False)
        socks.append(s)
    sent = 0
    mid = 0
    end = time.monotonic() + seconds
    target = ("127.0.0.1", port)
    while time.monotonic() < end:
        for s in socks:
            for _ in range(50):
                mid += 1
                try:
                    s.sendto(message(CON, PUT, mid, struct.pack("!I", mid), "healing/mode", b"off"), target)
                    sent += 1
                except (BlockingIOError, OSError):
                    pass
    for s in socks:
        s.close()
    return {"sent": sent, "rate_per_s": round(sent / seconds)}


def malformed(port, seconds, count):
    """Garbage: random bytes, CoAP headers with bad versions, truncated tokens and options, huge lengths."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    rnd = random.Random(19)
    sent = 0
    pause = seconds / max(1, count)
    for i in range(count):
        kind = i % 5
        if kind == 0:
            data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 1400)))
        elif kind == 1:
            data = bytes([rnd.randrange(256) & 0x3F]) + os.urandom(rnd.randrange(3, 40))  # version 0
        elif kind == 2:
            data = bytes([0x48, GET]) + struct.pack("!H", i) + os.urandom(3)  # TKL 8, 3 token bytes
        elif kind == 3:
            data = message(CON, GET, i, b"\x01", "pack")[:-1] + b"\xef\xff\xff"  # option with 15 delta
        else:
            data = bytes([0x40, rnd.randrange(256)]) + struct.pack("!H", i) + b"\xff"  # payload marker, no payload
        s.sendto(data, ("127.0.0.1", port))
        sent += 1
        time.sleep(pause)
    return {"sent": sent}


def main():
    phase, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    probe = Probe(port)
    probe.start()
    if phase == "get":
        result = get_clients(port, seconds, int(sys.argv[4]), int(sys.argv[5]))
    elif phase == "put-flood":
        result = put_flood(port, seconds, int(sys.argv[4]))
    elif phase == "malformed":
        result = malformed(port, seconds, int(sys.argv[4]))
    else:
        sys.exit("unknown phase " + phase)
    time.sleep(2)  # and after: the probe keeps asking for two more seconds
    probe.stop.set()
    probe.join(2)
    result.update({"phase": phase, "probe_sent": probe.sent, "probe_answered": probe.answered,
                   "probe_unanswered": probe.late, "probe_worst_ms": round(probe.worst_ms, 1),
                   "probe_first_try_lost": probe.first_try_lost})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
