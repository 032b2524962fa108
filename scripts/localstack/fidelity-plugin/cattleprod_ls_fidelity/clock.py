"""The account clock: an offset in libfaketime's timestamp file, set through HTTP under a lease.

libfaketime (preloaded, ``FAKETIME_NO_CACHE=1``) reads ``FAKETIME_TIMESTAMP_FILE`` at every time call, so
writing ``+86400.5`` there moves every clock of this process a day and a half ahead at once. Monotonic time stays
real (``FAKETIME_DONT_FAKE_MONOTONIC=1``): leases expire in real seconds.
"""

import json
import os
import threading
import time

from localstack.http import Response


def _json(body, status=200):
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _body(request):
    try:
        return json.loads(request.get_data() or b"{}")
    except ValueError:
        return None


class AccountClock:
    def __init__(self, path, drivable, reason):
        self.path = path
        self.drivable = drivable
        self.reason = reason
        self.offset_seconds = 0.0
        self.holder = None
        self.expires_at = 0.0
        self.lock = threading.Lock()

    @classmethod
    def from_environment(cls):
        path = os.environ.get("FAKETIME_TIMESTAMP_FILE", "")
        preload = os.environ.get("LD_PRELOAD", "")
        if "faketime" not in preload:
            return cls(path, False, "LocalStack runs without libfaketime (LD_PRELOAD has no libfaketime)")
        if not path:
            return cls(path, False, "libfaketime is preloaded but FAKETIME_TIMESTAMP_FILE is unset")
        clock = cls(path, True, "")
        try:
            clock._write(0.0)
            before = time.time()
            clock._write(100_000.0)
            moved = time.time() - before
            clock._write(0.0)
        except OSError as error:
            return cls(path, False, f"cannot write {path}: {error}")
        if not 99_000 < moved < 101_000:
            return cls(path, False, f"writing {path} did not move the clock (moved {moved:.0f} s, not 100000 s)")
        return clock

    def _write(self, offset_seconds):
        tmp = f"{self.path}.tmp"
        with open(tmp, "w") as out:
            out.write(f"{offset_seconds:+.3f}\n")
        os.replace(tmp, self.path)
        self.offset_seconds = offset_seconds

    def _lease(self):
        if self.holder is not None and time.monotonic() >= self.expires_at:
            self.holder = None
            self._write_if_drivable(0.0)
        if self.holder is None:
            return None
        return {"holder": self.holder, "expiresInSeconds": round(self.expires_at - time.monotonic(), 3)}

    def _write_if_drivable(self, offset_seconds):
        if self.drivable:
            self._write(offset_seconds)

    def _state(self):
        state = {
            "drivable": self.drivable,
            "offsetSeconds": self.offset_seconds,
            "nowMs": int(time.time() * 1000),
            "lease": self._lease(),
        }
        if not self.drivable:
            state["reason"] = self.reason
        return state

    def read(self, request, **_):
        with self.lock:
            return _json(self._state())

    def acquire(self, request, **_):
        """Takes or renews the lease: ``{"holder": "...", "ttlSeconds": 60}``. 409 while another holder has it."""
        body = _body(request)
        if not body or not isinstance(body.get("holder"), str) or not body["holder"]:
            return _json({"error": 'Failed to take the clock lease: the body needs "holder" (a non-empty string).'}, 400)
        ttl = float(body.get("ttlSeconds", 60))
        with self.lock:
            lease = self._lease()
            if lease is not None and lease["holder"] != body["holder"]:
                return _json({"granted": False, **self._state()}, 409)
            if lease is None:
                self._write_if_drivable(0.0)
            self.holder = body["holder"]
            self.expires_at = time.monotonic() + max(1.0, min(ttl, 3600.0))
            return _json({"granted": True, **self._state()})

    def release(self, request, **_):
        holder = request.args.get("holder", "")
        with self.lock:
            lease = self._lease()
            if lease is not None and lease["holder"] == holder:
                self.holder = None
                self._write_if_drivable(0.0)
            return _json(self._state())

    def set(self, request, **_):
        """Sets the account time: ``{"holder": "...", "nowMs": <epoch ms the account should read now>}``."""
        body = _body(request)
        if not body or not isinstance(body.get("nowMs"), (int, float)):
            return _json({"error": 'Failed to set the clock: the body needs "holder" and "nowMs" (epoch milliseconds).'}, 400)
        with self.lock:
            if not self.drivable:
                return _json({"error": f"Failed to set the clock: {self.reason}.", **self._state()}, 409)
            lease = self._lease()
            if lease is None or lease["holder"] != body.get("holder"):
                return _json({"error": "Failed to set the clock: take the lease first.", **self._state()}, 409)
            real_now = time.time() - self.offset_seconds
            self._write(body["nowMs"] / 1000.0 - real_now)
            return _json(self._state())
