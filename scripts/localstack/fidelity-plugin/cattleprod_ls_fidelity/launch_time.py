"""StartInstances and LaunchTime: AWS sets LaunchTime anew when a stopped instance starts; moto keeps it.

Per account (``POST /_cattleprod/fidelity {"account": "123456789012", "launchTimeOnStart": "keep"}``) this
chooses AWS's behaviour (``reset``, the default) or moto's (``keep``). The root volume's AttachTime is never
touched: on AWS it survives a stop/start, which is why tools read age there.
"""

import json
import threading

from localstack.http import Response

MODES = ("reset", "keep")


class LaunchTimeFidelity:
    def __init__(self):
        self.by_account = {}
        self.lock = threading.Lock()

    def mode(self, account):
        with self.lock:
            return self.by_account.get(account, "reset")

    def patch_moto(self):
        from moto.core.utils import utcnow
        from moto.ec2.models.instances import Instance

        original = Instance.start
        fidelity = self

        def start(instance):
            was_stopped = instance._state.name == "stopped"
            previous = original(instance)
            if was_stopped and fidelity.mode(instance.ec2_backend.account_id) == "reset":
                instance.launch_time = utcnow()
            return previous

        Instance.start = start

    def read(self, request, **_):
        with self.lock:
            return Response(json.dumps({"default": "reset", "accounts": dict(self.by_account)}), mimetype="application/json")

    def set(self, request, **_):
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            body = {}
        account, mode = body.get("account"), body.get("launchTimeOnStart")
        if not isinstance(account, str) or mode not in MODES:
            message = 'Failed to set fidelity: the body needs "account" (12 digits) and "launchTimeOnStart" (reset or keep).'
            return Response(json.dumps({"error": message}), status=400, mimetype="application/json")
        with self.lock:
            self.by_account[account] = mode
        return Response(json.dumps({"account": account, "launchTimeOnStart": mode}), mimetype="application/json")
