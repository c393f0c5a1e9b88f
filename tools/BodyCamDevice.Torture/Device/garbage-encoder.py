#!/usr/bin/python3
# An encoder that goes wrong on request: installed as `ffmpeg` in a folder of its own and named by
# the device's Camera.FfmpegPath. It runs the real ffmpeg with the device's arguments, but makes
# ffmpeg write its MPEG-TS to our stdout instead of the device's output socket (the last `unix:`
# URL of the command line); we connect to that socket and pass the stream on. When a file
# named `inject` appears beside us, the stream is damaged as it says, then passed on unharmed.
#
# inject holds one line: KIND MILLISECONDS SEED, KIND one of
#   noise    random bytes (with stray 0x47 sync bytes among them) spliced in at an arbitrary byte
#   packets  well-formed-looking TS packets with random PIDs, flags, PES headers and payloads,
#            interleaved with the real packets for the duration
#   corrupt  random bytes of the real packets overwritten (headers, PES timestamps, H.264)
#   drop     random runs of the real stream dropped (torn packets)
# Each injection is appended to `injected.log` beside us (what, when, how many bytes).
#
# A run without a `unix:` output (ffmpeg -version and the like) is the real ffmpeg itself.
import os
import random
import signal
import socket
import subprocess
import sys
import time

REAL = "/usr/bin/ffmpeg"
HERE = os.path.dirname(os.path.abspath(__file__))
TRIGGER = os.path.join(HERE, "inject")
LOG = os.path.join(HERE, "injected.log")
PACKET = 188


def log(line):
    with open(LOG, "a") as out:
        out.write(f"{time.time():.3f} {os.getpid()} {line}\n")


def output_index(args):
    # The output is the last `unix:` URL (an input from a capture program is an earlier one).
    for index in range(len(args) - 1, -1, -1):
        if args[index].startswith("unix:"):
            return index
    return None


def random_packet(rng):
    pid = rng.choice([0x0000, 0x1000, 0x0100, 0x0100, 0x0101, rng.randrange(0x2000)])
    header = bytearray(4)
    header[0] = 0x47
    header[1] = (rng.randrange(8) << 5) | (pid >> 8)
    header[2] = pid & 0xFF
    header[3] = rng.randrange(256)
    body = bytearray(rng.randbytes(PACKET - 4))
    if rng.random() < 0.5:
        # A PES header with a random PTS/DTS: what a confused encoder's timestamps look like.
        header[1] |= 0x40
        header[3] = (header[3] & 0x0F) | 0x10
        body[0:9] = bytes([0, 0, 1, 0xE0, 0, 0, 0x80, 0xC0, 10])
        body[9:19] = rng.randbytes(10)
        if rng.random() < 0.5:
            body[19:24] = bytes([0, 0, 0, 1, rng.choice([0x65, 0x67, 0x41, 0x09])])
    return bytes(header + body)


class Damage:
    def __init__(self, kind, milliseconds, seed):
        self.kind = kind
        self.until = time.monotonic() + milliseconds / 1000
        self.rng = random.Random(seed)
        self.bytes = 0

    @property
    def over(self):
        return time.monotonic() >= self.until

    def apply(self, data, position):
        rng = self.rng
        if self.kind == "noise":
            size = rng.randrange(1, 256 * 1024)
            noise = bytearray(rng.randbytes(size))
            for _ in range(size // 100):
                noise[rng.randrange(size)] = 0x47
            cut = rng.randrange(len(data) + 1)
            self.bytes += size
            self.until = 0
            return data[:cut] + bytes(noise) + data[cut:]
        if self.kind == "packets":
            out = bytearray()
            start = 0
            offset = (-position) % PACKET
            while offset <= len(data):
                out += data[start:offset]
                start = offset
                for _ in range(rng.randrange(3)):
                    out += random_packet(rng)
                    self.bytes += PACKET
                offset += PACKET
            out += data[start:]
            return bytes(out)
        if self.kind == "corrupt":
            out = bytearray(data)
            for _ in range(max(1, len(out) // 400)):
                at = rng.randrange(len(out))
                out[at] = rng.randrange(256)
                self.bytes += 1
            return bytes(out)
        if self.kind == "drop":
            out = bytearray()
            at = 0
            while at < len(data):
                keep = rng.randrange(1, 4 * PACKET)
                out += data[at:at + keep]
                at += keep
                lost = rng.randrange(1, 2 * PACKET)
                at += lost
                self.bytes += min(lost, max(0, len(data) - at + lost))
            return bytes(out)
        return data


def main():
    args = sys.argv[1:]
    index = output_index(args)
    if index is None:
        os.execv(REAL, [REAL] + args)
    # unix:/tmp/x or unix:///tmp/x
    path = "/" + args[index][len("unix:"):].lstrip("/")

    def die_with_parent():
        import ctypes
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

    encoder = subprocess.Popen([REAL] + args[:index] + ["pipe:1"] + args[index + 1:], stdout=subprocess.PIPE, preexec_fn=die_with_parent)
    signal.signal(signal.SIGTERM, lambda *_: encoder.send_signal(signal.SIGTERM))
    signal.signal(signal.SIGINT, lambda *_: encoder.send_signal(signal.SIGINT))
    out = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    out.connect(path)
    position = 0
    damage = None
    next_look = 0.0
    source = encoder.stdout
    try:
        while True:
            data = source.read1(65536)
            if not data:
                break
            now = time.monotonic()
            if damage is None and now >= next_look:
                next_look = now + 0.02
                try:
                    with open(TRIGGER) as trigger:
                        kind, milliseconds, seed = trigger.read().split()
                    os.unlink(TRIGGER)
                    damage = Damage(kind, int(milliseconds), int(seed))
                    log(f"start {kind} {milliseconds} ms")
                except (FileNotFoundError, ValueError):
                    pass
            sent = data
            if damage is not None:
                sent = damage.apply(data, position)
                if damage.over:
                    log(f"end {damage.kind} {damage.bytes} bytes")
                    damage = None
            position += len(data)
            out.sendall(sent)
    except (BrokenPipeError, ConnectionResetError):
        encoder.kill()
    finally:
        out.close()
    sys.exit(encoder.wait())


main()
