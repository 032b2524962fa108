"""Entry point (``localstack.hooks.on_infra_start``): registers the routes and the StartInstances patch."""

import logging

from localstack.runtime import hooks

LOG = logging.getLogger(__name__)


@hooks.on_infra_start()
def install():
    from localstack.services.edge import ROUTER

    from .clock import AccountClock
    from .launch_time import LaunchTimeFidelity

    clock = AccountClock.from_environment()
    fidelity = LaunchTimeFidelity()
    fidelity.patch_moto()
    ROUTER.add("/_cattleprod/clock", endpoint=clock.read, methods=["GET"])
    ROUTER.add("/_cattleprod/clock", endpoint=clock.set, methods=["POST"])
    ROUTER.add("/_cattleprod/clock/lease", endpoint=clock.acquire, methods=["POST"])
    ROUTER.add("/_cattleprod/clock/lease", endpoint=clock.release, methods=["DELETE"])
    ROUTER.add("/_cattleprod/fidelity", endpoint=fidelity.read, methods=["GET"])
    ROUTER.add("/_cattleprod/fidelity", endpoint=fidelity.set, methods=["POST"])
    LOG.info("cattleprod: account clock %s; LaunchTime on start: reset unless an account asks to keep it",
             "drivable" if clock.drivable else f"not drivable ({clock.reason})")
