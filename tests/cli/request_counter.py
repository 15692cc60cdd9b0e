#!/usr/bin/env python3
"""A loopback relay between spor and one `spor serve` shard that counts the
requests spor sends, by Xapian remote-protocol message type, so a test can
tell how many requests a search makes without timing anything.

    request_counter.py TARGET_PORT COUNTS_FILE

prints the port it listens on (127.0.0.1) and relays until killed. After
each request COUNTS_FILE is rewritten as JSON {"<type>": count, ...}.

A request is one type byte, then its length as Xapian 1.4 encodes it
(one byte under 255; else 255 and the rest as 7-bit groups, the last with
its high bit set), then that many bytes."""
import json
import os
import socket
import sys
import threading

target = int(sys.argv[1])
counts_path = sys.argv[2]
counts = {}
lock = threading.Lock()


def record(kind):
    with lock:
        counts[str(kind)] = counts.get(str(kind), 0) + 1
        with open(counts_path + ".tmp", "w") as f:
            json.dump(counts, f)
        # Renamed into place, so a reader never sees half a file.
        os.replace(counts_path + ".tmp", counts_path)


def parse(buf):
    """Counts the whole requests at the start of buf; returns the rest."""
    while True:
        if len(buf) < 2:
            return buf
        kind, at = buf[0], 1
        length = buf[at]
        at += 1
        if length == 255:
            length, shift = 0, 0
            while True:
                if at >= len(buf):
                    return buf
                b = buf[at]
                at += 1
                length |= (b & 0x7F) << shift
                shift += 7
                if b & 0x80:
                    break
            length += 255
        if len(buf) < at + length:
            return buf
        record(kind)
        buf = buf[at + length:]


def pump(src, dst, count):
    buf = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if count:
                buf = parse(buf + data)
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client):
    upstream = socket.create_connection(("127.0.0.1", target))
    # Passed on at once: Nagle's wait for an ack would add 40 ms to every
    # request Xapian writes in two pieces.
    for s in (client, upstream):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=pump, args=(upstream, client, False),
                     daemon=True).start()
    pump(client, upstream, True)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
