"""LocalStack hook that makes the emulated account behave where cattleprod reads it.

Two things, both served in-process at LocalStack's start (``localstack.hooks.on_infra_start``):

* ``/_cattleprod/clock``: the account's clock. When LocalStack runs under libfaketime
  (``LD_PRELOAD=.../libfaketime.so.1 FAKETIME_TIMESTAMP_FILE=<file> FAKETIME_NO_CACHE=1
  FAKETIME_DONT_FAKE_MONOTONIC=1``, as ``scripts/localstack/start.sh`` starts it), a client sets the time the
  account reads (``LaunchTime``, volume ``AttachTime``) without access to LocalStack's filesystem. A lease makes
  sure two runs never drive the one clock at once.
* ``/_cattleprod/fidelity``: per account, whether ``StartInstances`` resets ``LaunchTime`` as AWS does
  (``reset``, the default here) or keeps it as plain LocalStack (moto) does (``keep``).
"""
