/**
 * How each control is decided on an AWS API backend: which observables live in the account
 * (and how they are modelled there) and which stay in the run's model. Instances on an emulator
 * are records, not machines: nothing boots, so health, sessions and data are modelled.
 */
export const AWS_METHODS: Readonly<Record<string, string>> = {
  "FLT-INV-001":
    "ec2: cattleprod:vm-type tag on RunInstances; " +
    "untagged launches found and terminated (TerminateInstances, read back by DescribeInstances)",
  "FLT-AUD-001": "history: every API write is made for a recorded event with actor and time; api faults recorded",
  "FLT-NET-001": "ec2: world-open rule in the instance's security group (AuthorizeSecurityGroupIngress / RevokeSecurityGroupIngress)",
  "PET-PROT-001": "ec2: no TerminateInstances for a pet; instance read back by DescribeInstances",
  "PET-ACC-001": "model: login decided by the platform's access policy (the account has no sessions); attempts in the history",
  "PET-BG-001": "model: grant issue and expiry by the platform's broker; attempts in the history",
  "PET-PAT-001": "ec2: cattleprod:patch-level tag (CreateTags) on the same instance id",
  "PET-HA-001": "ec2: cattleprod:ha-role tag (CreateTags); health modelled (cattleprod:health tag)",
  "PET-DRF-001": "ec2: cattleprod:config tag changed in place; the change recorded with its actor",
  "CAT-HEAL-001": "ec2: TerminateInstances / RunInstances, read back by DescribeInstances (paginated by run tag); boot time modelled",
  "CAT-HEAL-002": "ec2: instances per group read back by DescribeInstances; boot time modelled",
  "CAT-DATA-001": "model: shard placement and copies (no data on an emulator)",
  "CAT-ACC-001": "model: login decided by the platform's JIT policy; attempts in the history",
  "CAT-BG-001": "model: grant expiry and attribution by the platform's broker",
  "CAT-BG-002": "ec2: cattleprod:tainted tag (CreateTags), recycled with RunInstances / TerminateInstances",
  "CAT-IMG-001": "ec2: image from RegisterImage with cattleprod:image-status; rogue instance terminated",
  "CAT-IMG-002": "ec2 + ssm: current image in /cattleprod/<run>/<scenario>/<group>/current-image; stale instances replaced",
  "CAT-DRF-001": "ec2: cattleprod:config tag drifted and re-applied (CreateTags); desired config in the model",
  "CAT-PAT-001": "ec2: cattleprod:patch-level tag (CreateTags)",
  "CAT-NET-001": "model: egress decided by the platform's allowlist policy (the emulator carries no traffic)",
  "CAT-MAL-001": "model: infection and detection; ec2: the instance terminated and replaced",
  "IMM-ACC-001": "model: login refused by the platform's policy; the image manifest (RegisterImage tags) has no remote shell",
  "IMM-ACC-002": "ec2: no ImportKeyPair for immutable instances; image manifest without accounts",
  "IMM-AGE-001": "ec2: cattleprod:created-at tag on the virtual clock (an API cannot backdate LaunchTime); reported clock offset",
  "IMM-AGE-002": "ec2: StopInstances / StartInstances; age from cattleprod:created-at, never from LaunchTime (which a start resets)",
  "IMM-CFG-001": "ec2: cattleprod:config tag drift; the instance replaced (RunInstances / TerminateInstances), never re-tagged in place",
  "IMM-PAT-001": "ec2: new image (RegisterImage) rolled out by replacement; no patch-level tag change in place",
  "IMM-IMG-001": "ec2: RegisterImage tags (stage, built-by, image-status); refused launches never reach RunInstances",
  "IMM-CICD-001": "ec2: cattleprod:image-status rejected on the vulnerable image (CreateTags); never launched",
  "IMM-DEP-001": "ec2: launches by non-pipeline actors terminated (TerminateInstances)",
  "IMM-NET-001": "model: egress refused by the platform's policy",
  "IMM-MAL-001": "model: infection and detection; ec2: the instance terminated and replaced",
  "IMM-HEAL-001": "ec2: replacement RunInstances from the current image (ssm current-image parameter)",
  "IMM-HEAL-002": "ec2: group members read back by DescribeInstances, stops from StopInstances / StartInstances; boot time modelled",
};
