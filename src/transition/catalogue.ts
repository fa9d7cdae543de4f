/**
 * The day-two changes every platform meets, with what `npx projen plan` says of each.
 * test/transitions/catalogue.test.ts makes each change to a real platform, synthesizes
 * before and after, runs the transition model and checks that its verdict is the one
 * written here; the generated README shows this table.
 */
export interface CatalogueEntry {
  /** Stable id, used by the test to find the change it makes. */
  readonly id: string;
  /** The change, as a user would name it. */
  readonly change: string;
  /** `safe`: plan exits 0 (no failure, no service deleted or replaced). `reported`: plan exits 1 and names the hazard. */
  readonly verdict: 'safe' | 'reported';
  /** What the deploy does, and for a reported change how to do it safely. */
  readonly note: string;
}

export const TRANSITION_CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'add-service', change: 'Add a service', verdict: 'safe', note: 'Its stack creates it after the services it calls.' },
  {
    id: 'grow-20-25',
    change: 'Grow from 20 to 25 services',
    verdict: 'safe',
    note: 'New services join the last stack while it has room (about 400 resources); no service moves.',
  },
  {
    id: 'grow-new-stack',
    change: 'Grow past a stack (25 to 40 services)',
    verdict: 'safe',
    note: 'A new stack is added after the others; services already placed stay where they are.',
  },
  {
    id: 'add-deepening-call',
    change: 'Add a call that deepens the call graph',
    verdict: 'safe',
    note: 'The caller now waits for its new callee (DependsOn, or a stack dependency).',
  },
  { id: 'remove-call', change: 'Remove a call', verdict: 'safe', note: 'The rules of that call and the wait go; nothing else changes.' },
  {
    id: 'add-cycle',
    change: 'Add a call that closes a cycle',
    verdict: 'safe',
    note: 'That call is deferred: the deploy redeploys its caller once the callee exists.',
  },
  {
    id: 'call-later-stack',
    change: 'Add a call from an old service to one in a later stack',
    verdict: 'safe',
    note: 'Deferred like a cycle: the later stack redeploys the caller after the callee is in place.',
  },
  {
    id: 'remove-service',
    change: 'Remove a service',
    verdict: 'reported',
    note:
      'Its ECS service and tasks are deleted, which is the change; remove the calls to it in the same change or before. ' +
      'Its security group stays in its stack (`retired` in stack-placement.json) so that rules in later stacks go first.',
  },
  {
    id: 'remove-service-called-from-later-stack',
    change: 'Remove a service that a later stack calls',
    verdict: 'reported',
    note: "As above; the retired security group is what keeps the later stack's rules from blocking the deploy.",
  },
  {
    id: 'rename-service',
    change: 'Rename a service',
    verdict: 'reported',
    note:
      'A rename deletes the old service and creates the new one, so callers of the old name fail in between. Without downtime: ' +
      'add the new name beside the old one and deploy, move the callers (and the public path) to it and deploy, then remove the old one ' +
      '(the plan passes the first two steps; the third reports the deletion of the old service, which nothing uses any more).',
  },
  {
    id: 'move-public-path',
    change: 'Move a public path to another service',
    verdict: 'safe',
    note:
      "The new rule gets a new priority and the old one's stays taken (`listenerRules` in stack-placement.json, `retired`) until " +
      'the old rule is gone, so the listener never sees one priority twice. Both rules serve the path until the cleanup. If the old ' +
      'service is in an earlier stack than the new one, the path falls to the next matching rule (`/`, or a 404) between the two ' +
      "stacks' deploys.",
  },
  {
    id: 'change-port',
    change: 'Change a port',
    verdict: 'safe',
    note: 'The service rolls to the new port first, then its callers, whose new tasks get the new address.',
  },
  {
    id: 'change-public-port',
    change: 'Change the port of a public service',
    verdict: 'safe',
    note: 'Its target group stays (its port is a fixed default; tasks register with the container port), so the rule keeps forwarding while the service rolls.',
  },
  { id: 'client-only-to-server', change: 'client-only to client-server', verdict: 'safe', note: 'It registers its endpoint when it rolls.' },
  {
    id: 'server-to-client-only',
    change: 'client-server to client-only',
    verdict: 'safe',
    note: 'The spec refuses calls to a client-only service, so its callers drop their calls in the same change.',
  },
  {
    id: 'make-public',
    change: 'Make a service public',
    verdict: 'safe',
    note:
      'Its target group and listener rule are added and the running service is attached to them; the load balancer is created if it is the first. ' +
      'No health check grace period is set (ECS refuses one in the update that attaches the first load balancer); the target health check allows 75 s to start.',
  },
  {
    id: 'make-private',
    change: 'Make a service private',
    verdict: 'safe',
    note: 'Its rule and target group go, and the service is detached from the load balancer (`@aws-cdk/aws-ecs:removeEmptyLoadBalancers`).',
  },
  {
    id: 'make-private-same-length',
    change: "Make a service private whose path's slot another path stepped aside for",
    verdict: 'safe',
    note: 'Every other rule keeps its priority: priorities are assigned once (stack-placement.json), not recomputed from the paths left.',
  },
  {
    id: 'remove-last-public',
    change: 'Remove the last public service',
    verdict: 'safe',
    note:
      "The load balancer and its listener go, and the listener rules with them; the load balancer's security group stays, so the " +
      'rules that name it go first.',
  },
  {
    id: 'http-to-https',
    change: 'HTTP to HTTPS (add `domain` and `certificateArn`)',
    verdict: 'safe',
    note: 'The port-80 listener keeps its identity and starts redirecting; the rules move to the new 443 listener.',
  },
  {
    id: 'https-to-http',
    change: 'HTTPS back to HTTP',
    verdict: 'reported',
    note:
      'The 443 listener and its rules go with the network stack, and port 80 serves 404s until the services stacks have put ' +
      'their rules back on it (about a minute). Do it when that is acceptable.',
  },
  {
    id: 'change-namespace',
    change: 'Change the namespace',
    verdict: 'reported',
    note:
      'Every service moves to the new namespace as it rolls, and callers still in the old one cannot reach services that have moved. ' +
      'The old namespace is kept (delete it afterwards). Do it in a maintenance window, or build a new platform beside this one.',
  },
  {
    id: 'azs-up',
    change: 'More AZs (`azs` 2 to 3)',
    verdict: 'safe',
    note:
      'A task subnet and a public subnet are added at addresses kept free for them; no subnet moves (every AZ count up to 6 has its ' +
      'place). Services spread to the new AZ as they roll.',
  },
  {
    id: 'azs-down',
    change: 'Fewer AZs (`azs` 3 to 2)',
    verdict: 'reported',
    note:
      'No subnet moves, but the network stack deletes the subnets of the AZ that goes while running tasks still use them: EC2 refuses, ' +
      'and CloudFormation leaves them behind (a failed delete in the cleanup phase does not roll the update back) while the deploy ' +
      'completes and the services move off them. Delete the leftover subnets afterwards (the plan names them).',
  },
  {
    id: 'profile',
    change: 'Change `profile` (prod to dev)',
    verdict: 'safe',
    note: 'Endpoints move to one AZ, task counts and log retention follow.',
  },
  { id: 'size', change: 'Change `cpu`/`memory`', verdict: 'safe', note: 'A new task definition revision; the service rolls.' },
  { id: 'desired-count', change: 'Change `desiredCount`', verdict: 'safe', note: 'The service scales in place.' },
  {
    id: 'arch',
    change: 'Change `arch` (x86_64 to arm64)',
    verdict: 'safe',
    note: 'A new task definition revision and an image built for the new platform; the service rolls. The image must run on it.',
  },
  {
    id: 'add-spot',
    change: 'Put a service on Spot (add `spot`)',
    verdict: 'safe',
    note:
      'The cluster gets the FARGATE and FARGATE_SPOT capacity providers first (network stack), then the service switches from the launch type ' +
      'to a capacity provider strategy with a forced deployment (ECS refuses the switch without one; the nonce is the strategy): it rolls.',
  },
  {
    id: 'change-spot',
    change: 'Change `spot`',
    verdict: 'safe',
    note: 'A new strategy and a new nonce: the service rolls onto the new split (a strategy change without a forced deployment would fail).',
  },
  {
    id: 'remove-spot',
    change: 'Remove `spot`',
    verdict: 'reported',
    note:
      'Going back to the launch type is not an update CloudFormation makes: it leaves the strategy in place when the key is absent. ' +
      'Set `spot: 0` instead: the strategy stays, with every task on regular Fargate.',
  },
  {
    id: 'remove-secrets',
    change: 'Remove the last `secrets` (or `exec`) of the platform',
    verdict: 'safe',
    note:
      'The service rolls without them. Its endpoint (`ssm`, `secretsmanager` or `ssmmessages`) stays, retired in stack-placement.json: ' +
      'the network stack deploys first and cannot delete a group the service still names. Delete the entry once this is deployed ' +
      'everywhere; the next deploy removes the endpoint.',
  },
  {
    id: 'remove-retired-endpoint',
    change: 'Delete a retired endpoint from stack-placement.json',
    verdict: 'safe',
    note: 'Nothing names the endpoint any more: the network stack deletes it and its security group.',
  },
  {
    id: 'remove-last-spot-service',
    change: 'Remove the last service on Spot',
    verdict: 'reported',
    note:
      'Reported as any removed service is. The cluster keeps its FARGATE and FARGATE_SPOT capacity providers (always associated), ' +
      'so the network stack never takes a provider off while the service still runs on it.',
  },
  {
    id: 'timeouts',
    change: 'Set or change `timeouts`',
    verdict: 'safe',
    note: 'The Service Connect configuration changes in place; the service rolls and its callers see the new timeouts.',
  },
  {
    id: 'add-alarms',
    change: 'Add `alarms`',
    verdict: 'safe',
    note: 'The topic (for `email`) is created in the network stack; every alarm gets its actions in place. Confirm the subscription mail.',
  },
];
