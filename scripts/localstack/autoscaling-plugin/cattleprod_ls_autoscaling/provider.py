"""LocalStack service plugin that serves the EC2 Auto Scaling API (``autoscaling``).

LocalStack's community edition has no Auto Scaling provider (requests answer 501
"not included in your current license plan").  LocalStack's own EC2 provider is backed
by moto's EC2 backend, and moto ships an Auto Scaling backend that launches and
terminates instances through that same EC2 backend.  This plugin registers an
``autoscaling:default`` provider whose every operation is dispatched in-process to moto,
exactly like LocalStack's built-in moto-fallback providers (swf, support, ...).  So
instances launched by an Auto Scaling group are visible to ec2.DescribeInstances, carry
the ``aws:autoscaling:groupName`` tag, and can be terminated through either API.
"""

from localstack.services.plugins import Service, aws_provider
from localstack.state import StateVisitor


class AutoscalingProvider:
    service = "autoscaling"

    def accept_state_visitor(self, visitor: StateVisitor):
        # lets /_localstack/state/reset (and persistence, if ever enabled) see the state
        from moto.autoscaling.models import autoscaling_backends

        visitor.visit(autoscaling_backends)


@aws_provider(api="autoscaling")
def autoscaling():
    from localstack.aws.skeleton import Skeleton
    from localstack.aws.spec import load_service
    from localstack.services.moto import call_moto

    def _proxy(context, request):
        return call_moto(context)

    model = load_service("autoscaling")
    table = {op: _proxy for op in model.operation_names}
    provider = AutoscalingProvider()
    service = Service(name="autoscaling", skeleton=Skeleton(model, table))
    service._provider = provider
    return service
