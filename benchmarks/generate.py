"""Synthetic, realistic incident postmortems for benchmarks (deterministic).

    python benchmarks/generate.py N DIR [--markdown] [--invalid K] [--seed S]

Writes an MkDocs project in DIR with N postmortems: by default one YAML file per incident in
``docs/postmortems/`` and the postmortem plugin enabled; with ``--markdown`` the same incidents
as hand-written Markdown pages in ``docs/incidents/`` (what a team writes without the plugin),
with a hand-written index page, and no plugin.

Every incident has the sections a complete postmortem has (people, timestamps, impact, timeline,
detection, root cause with trigger and five whys, contributing factors with categories,
response, resolution, action items, lessons, communication, links), drawn from a dozen failure
scenarios, ~40 services, ~30 tags and several environments, dated 2020-2026, and related to
earlier incidents. The YAML files are 3-6 KB (about 4.3 KB on average) and valid against the
bundled schema; ``invalid=K`` breaks K of them in a few different ways.

Output depends only on N, the seed and K: one seeded ``random.Random``, no clock, no hashing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

AS_OF = "2026-06-30"
"""The plugin's ``as_of`` (action items are overdue against it); after every incident."""
FIRST_DAY = date(2020, 1, 6)
LAST_DAY = date(2026, 5, 29)

SERVICES = (
    "orders-api", "orders-db", "checkout", "payments-gateway", "card-vault", "inventory-sync",
    "catalog-service", "search-indexer", "search-api", "auth-service", "sso-gateway",
    "user-profile", "notifications", "email-sender", "sms-gateway", "push-service", "billing",
    "invoicing", "ledger", "reporting", "analytics-pipeline", "kafka-cluster", "redis-cache",
    "postgres-primary", "object-storage", "cdn-edge", "dns-resolver", "api-gateway",
    "load-balancer", "k8s-control-plane", "ci-runners", "artifact-cache", "feature-flags",
    "config-service", "scheduler", "webhooks", "mobile-bff", "web-frontend", "image-resizer",
    "fraud-scoring", "shipping-rates", "warehouse-api",
)  # fmt: skip
TAGS = (
    "database", "connection-pool", "deploy", "rollback", "certificates", "dns", "cache",
    "latency", "capacity", "timeout", "retry-storm", "memory-leak", "disk-full", "config-change",
    "feature-flag", "third-party", "network", "tls", "kubernetes", "autoscaling", "queue-backlog",
    "data-integrity", "security", "monitoring-gap", "runbook", "migration", "cron", "rate-limit",
    "failover", "customer-facing",
)  # fmt: skip
ENVIRONMENTS = (
    ("production", 60), ("eu-production", 10), ("us-production", 10), ("staging", 12),
    ("sandbox", 4), ("internal", 4),
)  # fmt: skip
SEVERITIES = (("SEV1", 8), ("SEV2", 22), ("SEV3", 45), ("SEV4", 25))
SEVERITY_SPELLINGS = {"SEV1": ("SEV1", "SEV-1"), "SEV2": ("SEV2", "SEV-2", "Sev-2")}
REGIONS = ("eu-west", "eu-central", "us-east", "us-west", "ap-southeast", "global")
FIRST_NAMES = (
    "Priya", "Mei", "Tomás", "Sam", "Lukas", "Hannah", "Kenji", "Olivia", "Arjun", "Leah",
    "Fatima", "Daniel", "Amara", "Jonas", "Chloé", "Ravi", "Ingrid", "Mateo", "Yuki", "Nadia",
    "Owen", "Sofia", "Emeka", "Lena", "Marcus", "Aisha", "Pavel", "Grace", "Diego", "Elif",
)  # fmt: skip
LAST_NAMES = (
    "Raman", "Lin", "Ferreira", "Whitfield", "Becker", "Okafor", "Watanabe", "Grant", "Mehta",
    "Cohen", "Zahra", "Kim", "Nwosu", "Lindqvist", "Moreau", "Shah", "Berg", "Alvarez", "Sato",
    "Haddad", "Price", "Romano", "Eze", "Vogel", "Reid", "Khan", "Novak", "Mensah", "Ortiz",
    "Yilmaz",
)  # fmt: skip
TEAMS = (
    "Platform team", "Payments team", "SRE", "Data team", "Search team", "Platform Security",
    "Identity team", "Checkout team", "Messaging team", "Infra networking", "Developer tools",
    "Storefront team",
)  # fmt: skip
RELATION_TYPES = ("related", "related", "recurrence-of", "caused-by", "child-of")
"""All point from a later incident to an earlier one, so directed relations never loop."""


@dataclass(frozen=True)
class Scenario:
    """One kind of failure: texts with {slots}, filled per incident."""

    key: str
    tags: tuple[str, ...]
    titles: tuple[str, ...]
    summary: str
    impact: str
    cause: str
    why: str
    trigger: str
    whys: tuple[tuple[str, str], ...]
    factors: tuple[tuple[str, str, str], ...]
    events: tuple[str, ...]
    """Timeline events between the declaration and the mitigation, in order."""
    mitigation: tuple[tuple[str, str, str], ...]
    """(action, command, language) in order; command may be empty."""
    resolution: str
    fix: str
    actions: tuple[tuple[str, str], ...]
    """(action, type)."""
    lessons: tuple[str, ...]
    alert: str
    detection: str


SCENARIOS = (
    Scenario(
        key="pool",
        tags=("database", "connection-pool", "deploy"),
        titles=(
            "{svc} outage: PostgreSQL connection pool exhaustion",
            "{svc} 503s after a slow query held every database connection",
            "Connection pool of {svc} exhausted during the {peak} peak",
        ),
        summary=(
            "On {day}, {svc} failed most requests for {impact_min} minutes because a slow "
            "query from release {release} held every database connection. About {failed} "
            "requests failed. We turned the feature off, cleared the stuck queries and enlarged "
            "the pool."
        ),
        impact="Customers could not use {feature} while {svc} waited for database connections.",
        cause=(
            "The `{svc}` pool allowed at most **{pool}** connections. Release `{release}` added "
            "a query on `{table}` with no usable index. Each call held a connection for "
            "~{secs} s; at the {peak} peak all connections were checked out, requests waited "
            "30 s for one and the gateway returned 503."
        ),
        why=(
            "The pool was sized for average load, not peak, and nothing alerted on pool "
            "utilization, so the first signal was user-facing errors."
        ),
        trigger="Release `{release}` enabled the new query for all users at {deploy_time}.",
        whys=(
            ("Why did users see 503 errors?", "Requests timed out waiting for a connection."),
            ("Why were requests waiting?", "All {pool} pool connections were in use."),
            ("Why were all connections in use?", "Each new query held one for ~{secs} s."),
            ("Why was the query slow?", "It filtered `{table}.{column}` with no index."),
            ("Why was it not caught?", "Load tests skip this path and reviews skip plans."),
        ),
        factors=(
            ("Pool size ({pool}) too small for peak load", "capacity", ""),
            ("Unindexed query shipped in {release}", "code-defect", "No query plan review."),
            ("No alert on pool utilization or wait time", "detection", ""),
            ("Load test does not cover the {feature} path", "testing", ""),
        ),
        events=(
            "Diagnosis started; pods healthy, database CPU {pct}%",
            "Key finding: pool at {pool}/{pool}, wait time over 30 s",
            "Slow query from `{release}` identified (~{secs} s per call)",
        ),
        mitigation=(
            ("Turned off flag `{flag}`", "", ""),
            (
                "Cancelled queries running longer than 5 s",
                "psql -h {dep}.internal -f cancel-long-queries.sql",
                "bash",
            ),
            (
                "Raised the pool from {pool} to {pool2} and restarted `{svc}`",
                "kubectl -n {ns} set env deploy/{svc} DB_POOL_MAX={pool2}",
                "bash",
            ),
        ),
        resolution="Feature off, stuck connections cleared, pool enlarged to {pool2}.",
        fix="Composite index on `{table} ({column})`; pool sized for peak load.",
        actions=(
            ("Index `{table}.{column}` and re-enable `{flag}` after a load test", "prevent"),
            ("Alert when pool utilization is over 80% for 2 minutes", "detect"),
            ("Add pool and wait-time panels to the {svc} dashboard", "detect"),
            ("Add query-plan review to the PR checklist", "process"),
            ("Cover the {feature} path in the weekly load test", "prevent"),
        ),
        lessons=(
            "Pool sizing must account for peak load, not average.",
            "Query plans belong in code review for new queries on large tables.",
        ),
        alert="{Svc}5xxRateHigh",
        detection="Paged on the 5xx alert {ttd} minutes after impact began.",
    ),
    Scenario(
        key="cert",
        tags=("certificates", "tls", "monitoring-gap"),
        titles=(
            "{svc} rejected by {dep} after its client certificate expired",
            "Expired mTLS certificate stopped {svc}",
            "{svc} TLS handshake failures: certificate expired",
        ),
        summary=(
            "From {start_hm} UTC {svc} could not reach {dep} because its client certificate "
            "expired. {Feature} was unavailable or stale for {impact_min} minutes. We issued a "
            "new certificate through cert-manager and restarted {svc}."
        ),
        impact="{Feature} was stale or failing for all users; nothing else was affected.",
        cause=(
            "`{svc}` talks to `{dep}` over gRPC with mutual TLS. Its client certificate expired "
            "at {start_hm} UTC; every handshake failed and the retry loop logged the error only "
            "at DEBUG level."
        ),
        why=(
            "The certificate was issued by hand, outside cert-manager, so nothing renewed it and "
            "no expiry alert covered it."
        ),
        trigger="The one-year certificate reached its `notAfter` time on {day}.",
        whys=(
            ("Why did requests fail?", "{svc} presented an expired client certificate."),
            ("Why had it expired?", "It was issued by hand with a one-year lifetime."),
            ("Why by hand?", "{svc} predates cert-manager and was never migrated."),
            ("Why not migrated?", "The migration list came from cert-manager itself."),
            ("Why was that list incomplete?", "There is no inventory of certificates."),
        ),
        factors=(
            ("No alert on certificate expiry or handshake failures", "detection", ""),
            ("No owner for certificates outside cert-manager", "process", ""),
            ("Handshake errors swallowed at DEBUG level", "code-defect", ""),
            ("Issuing steps lived in one engineer's notes", "documentation", ""),
        ),
        events=(
            "Investigation started; {svc} lag growing, no alerts on {svc}",
            "Found `x509: certificate has expired` in {svc} DEBUG logs",
            "New certificate requested through cert-manager",
        ),
        mitigation=(
            (
                "Issued a certificate through cert-manager and restarted {svc}",
                "kubectl apply -f deploy/{svc}/certificate.yaml\n"
                "kubectl -n {ns} rollout restart deploy/{svc}",
                "bash",
            ),
            ("Re-ran the backlog for the outage window", "", ""),
        ),
        resolution="New certificate from cert-manager; {svc} restarted and caught up.",
        fix="All service certificates come from cert-manager with 90-day lifetimes.",
        actions=(
            ("Alert 30 days before any certificate expires", "detect"),
            ("Log handshake failures at ERROR and count them", "detect"),
            ("Inventory certificates not issued by cert-manager, with owners", "process"),
            ("Migrate hand-issued certificates to cert-manager", "prevent"),
        ),
        lessons=(
            "Anything issued by hand will be forgotten.",
            "A retry loop that hides its errors turns an outage into silent staleness.",
        ),
        alert="{Svc}LagHigh",
        detection="Reported by the {team} {ttd} minutes after the certificate expired.",
    ),
    Scenario(
        key="deploy",
        tags=("deploy", "rollback", "latency"),
        titles=(
            "{svc} regression in release {release}",
            "Bad deploy of {svc} broke {feature}",
            "{svc} error spike after release {release}",
        ),
        summary=(
            "Release {release} of {svc} broke {feature} for {impact_min} minutes: a changed "
            "default made every call to {dep} fail. We rolled back and the error rate returned "
            "to normal within minutes."
        ),
        impact="{Feature} failed for about {pct}% of requests.",
        cause=(
            "Release `{release}` upgraded the {dep} client library. The new version changed its "
            "default timeout from 30 s to {secs} s, shorter than {dep}'s p99 latency, so most "
            "calls were cancelled and retried until the circuit breaker opened."
        ),
        why=(
            "The canary stage ran for five minutes at 1% of traffic, too little to reach the "
            "slow calls, and the library changelog was not read."
        ),
        trigger="Progressive rollout of `{release}` reached 100% at {deploy_time}.",
        whys=(
            ("Why did {feature} fail?", "Calls to {dep} were cancelled after {secs} s."),
            ("Why {secs} s?", "The client library changed its default timeout."),
            ("Why did we take the new default?", "The upgrade came in a bulk update."),
            ("Why did the canary pass?", "It was too short to see the slow calls."),
            ("Why so short?", "Canary length is global, not per service."),
        ),
        factors=(
            ("Library upgrade changed a default timeout", "dependency", ""),
            ("Canary too short and too small to catch slow calls", "testing", ""),
            ("Rollback took a manual approval step", "process", ""),
        ),
        events=(
            "Error rate of {svc} at {pct}%; release `{release}` suspected",
            "Rollback to the previous release started",
        ),
        mitigation=(
            (
                "Rolled back {svc} to the previous release",
                "kubectl -n {ns} rollout undo deploy/{svc}",
                "bash",
            ),
        ),
        resolution="Rolled back to the previous release; errors stopped within 4 minutes.",
        fix="Timeout set explicitly in configuration; the upgrade was re-released.",
        actions=(
            ("Pin client timeouts in configuration, not library defaults", "prevent"),
            ("Run canaries for 30 minutes at 10% for tier-1 services", "prevent"),
            ("Allow on-call to roll back without an approval", "respond"),
            ("Add error-rate comparison between canary and baseline", "detect"),
        ),
        lessons=(
            "Library defaults are part of our configuration.",
            "A canary that is too short gives false confidence.",
        ),
        alert="{Svc}ErrorBudgetBurn",
        detection="Error budget burn alert fired {ttd} minutes after the rollout finished.",
    ),
    Scenario(
        key="config",
        tags=("config-change", "feature-flag", "customer-facing"),
        titles=(
            "Configuration push disabled {feature} in {svc}",
            "{svc}: bad value in a config change",
            "Feature flag `{flag}` misconfigured for all tenants",
        ),
        summary=(
            "A configuration change to {svc} set `{flag}` for every tenant instead of one test "
            "tenant, and {feature} stopped working for {impact_min} minutes. We reverted the "
            "change in the config service."
        ),
        impact="{Feature} was unavailable for all tenants in {region}.",
        cause=(
            "The change targeted the tenant list by a glob, and `*` matched every tenant. The "
            "config service applied it at once; there is no staged rollout for configuration."
        ),
        why="Configuration changes skip the review and canary that code changes get.",
        trigger="A config push at {deploy_time} with tenant selector `*`.",
        whys=(
            ("Why did {feature} stop?", "`{flag}` was set for all tenants."),
            ("Why all tenants?", "The selector was a glob that matched everyone."),
            ("Why was that accepted?", "The config service does not preview its targets."),
            ("Why no preview?", "Config changes were thought to be low risk."),
            ("Why no review?", "Config changes are exempt from two-person review."),
        ),
        factors=(
            ("Config changes roll out at once, not in stages", "process", ""),
            ("Selector syntax allows matching every tenant", "configuration", ""),
            ("No diff of affected tenants before applying", "process", ""),
        ),
        events=(
            "Support reported {feature} missing for several tenants",
            "Config change at {deploy_time} found in the audit log",
        ),
        mitigation=(
            (
                "Reverted the config change",
                "configctl revert --service {svc} --change {change_id}",
                "bash",
            ),
            ("Cleared cached configuration on all pods", "", ""),
        ),
        resolution="Reverted the change; tenants recovered as caches expired.",
        fix="Config pushes are staged by tenant cohort with an automatic halt on errors.",
        actions=(
            ("Show affected tenants before applying a config change", "prevent"),
            ("Stage config rollouts by tenant cohort", "prevent"),
            ("Require review for config changes on tier-1 services", "process"),
            ("Alert on a drop in {feature} usage", "detect"),
        ),
        lessons=(
            "Configuration is code and deserves the same safety net.",
            "Blast radius must be visible before a change is applied.",
        ),
        alert="{Svc}UsageDrop",
        detection="Customer tickets, then the usage-drop alert {ttd} minutes in.",
    ),
    Scenario(
        key="disk",
        tags=("disk-full", "capacity", "monitoring-gap"),
        titles=(
            "{dep} disk full stopped writes from {svc}",
            "{svc} write failures: log volume filled the data disk",
            "Disk exhaustion on {dep} nodes",
        ),
        summary=(
            "The data disk of {dep} filled up at {start_hm} UTC and {svc} could not write for "
            "{impact_min} minutes. Verbose logging left on after a debugging session grew the "
            "log volume {pct}x. We freed space and moved logs to their own volume."
        ),
        impact="Writes through {svc} failed; reads kept working from replicas.",
        cause=(
            "Debug logging was enabled on `{dep}` during an earlier investigation and never "
            "turned off. Logs shared the data volume, which reached 100% at {start_hm} UTC; "
            "the database stopped accepting writes."
        ),
        why="Disk alerts fired at 95%, which left less than an hour at the new growth rate.",
        trigger="Disk usage on the primary reached 100%.",
        whys=(
            ("Why did writes fail?", "The data disk was full."),
            ("Why was it full?", "Debug logs grew {pct}x and share the volume."),
            ("Why debug logs?", "They were enabled for an investigation and left on."),
            ("Why left on?", "Nothing reverts temporary log levels."),
            ("Why so little warning?", "The alert threshold ignores the growth rate."),
        ),
        factors=(
            ("Logs and data share one volume", "configuration", ""),
            ("Temporary debug logging never reverted", "human-error", ""),
            ("Disk alert on a fixed threshold, not on time to full", "detection", ""),
        ),
        events=(
            "Disk at 100% on the {dep} primary; writes rejected",
            "Debug log level found on `{dep}` since an earlier investigation",
        ),
        mitigation=(
            (
                "Deleted rotated debug logs",
                "find /var/log/{dep} -name '*.gz' -mtime +1 -delete",
                "bash",
            ),
            ("Reset the log level to INFO", "", ""),
            ("Extended the volume by 200 GB", "", ""),
        ),
        resolution="Freed space, reset logging and extended the volume.",
        fix="Logs moved to a separate volume; temporary log levels expire after 24 h.",
        actions=(
            ("Move logs to their own volume on database hosts", "prevent"),
            ("Alert on predicted time to disk full under 24 h", "detect"),
            ("Make debug log levels expire automatically", "prevent"),
        ),
        lessons=(
            "Alerts should predict exhaustion, not report it.",
            "Temporary changes need an expiry.",
        ),
        alert="{Dep}DiskUsageCritical",
        detection="Disk alert fired at 95%, {ttd} minutes before writes failed.",
    ),
    Scenario(
        key="memory",
        tags=("memory-leak", "kubernetes", "capacity"),
        titles=(
            "{svc} pods OOM-killed in a loop",
            "Memory leak in {svc} after {release}",
            "{svc} restarts under load: out of memory",
        ),
        summary=(
            "{svc} pods were OOM-killed every few minutes for {impact_min} minutes after "
            "release {release} introduced an unbounded cache. Requests to {feature} failed "
            "while pods restarted. We raised the memory limit, then rolled back."
        ),
        impact="About {pct}% of {feature} requests failed during pod restarts.",
        cause=(
            "Release `{release}` added an in-process cache keyed by request id without a size "
            "limit. Memory grew with traffic until the pods hit their {mem} MiB limit and "
            "Kubernetes killed them."
        ),
        why="Staging traffic is too low to grow the cache to the limit within a test run.",
        trigger="Traffic rose past the {peak} baseline at {deploy_time}.",
        whys=(
            ("Why did requests fail?", "Pods were OOM-killed and restarting."),
            ("Why OOM?", "An unbounded cache grew until the {mem} MiB limit."),
            ("Why unbounded?", "The cache was added without a size limit."),
            ("Why not caught in staging?", "Staging traffic never filled it."),
            ("Why no soak test?", "Soak tests are not part of the pipeline."),
        ),
        factors=(
            ("Cache without a size limit", "code-defect", ""),
            ("No soak test before release", "testing", ""),
            ("Memory alert on pods, not on growth rate", "detection", ""),
        ),
        events=(
            "{svc} pods restarting every 4-6 minutes (OOMKilled)",
            "Heap profile shows one cache holding 80% of memory",
        ),
        mitigation=(
            (
                "Raised the memory limit to buy time",
                "kubectl -n {ns} set resources deploy/{svc} --limits=memory={mem2}Mi",
                "bash",
            ),
            (
                "Rolled back to the previous release",
                "kubectl -n {ns} rollout undo deploy/{svc}",
                "bash",
            ),
        ),
        resolution="Rolled back; restarts stopped and latency returned to baseline.",
        fix="The cache is an LRU with a fixed size; a soak test runs before release.",
        actions=(
            ("Bound the request cache with an LRU", "prevent"),
            ("Add a 2-hour soak test to the release pipeline", "prevent"),
            ("Alert on container restarts over 3 in 10 minutes", "detect"),
        ),
        lessons=(
            "Every cache needs a bound and an eviction policy.",
            "Staging load does not exercise memory growth.",
        ),
        alert="{Svc}PodRestarts",
        detection="Restart alert fired {ttd} minutes after the first OOM kill.",
    ),
    Scenario(
        key="dns",
        tags=("dns", "network", "timeout"),
        titles=(
            "DNS resolution failures for {dep} in {region}",
            "{svc} could not resolve {dep}",
            "Resolver overload caused {svc} timeouts",
        ),
        summary=(
            "For {impact_min} minutes, {svc} in {region} intermittently failed to resolve "
            "{dep}, so {feature} returned errors. The cluster resolvers were overloaded after "
            "a node pool change halved their replicas. We scaled them back up."
        ),
        impact="Intermittent errors in {feature} for users served from {region}.",
        cause=(
            "A node pool change left two resolver replicas for the whole cluster. Under the "
            "{peak} peak they dropped queries; clients without local caching retried and made "
            "it worse."
        ),
        why="Resolver replicas were pinned to a node pool that was resized without review.",
        trigger="Node pool resize at {deploy_time}.",
        whys=(
            ("Why did {feature} fail?", "{svc} could not resolve {dep}."),
            ("Why could it not resolve?", "Resolvers dropped queries under load."),
            ("Why overloaded?", "Only two replicas were left after the resize."),
            ("Why only two?", "Replicas were tied to the resized node pool."),
            ("Why not noticed?", "Nothing alerted on resolver drops."),
        ),
        factors=(
            ("Resolver replicas tied to one node pool", "configuration", ""),
            ("No node-local DNS cache", "capacity", ""),
            ("No alert on dropped DNS queries", "detection", ""),
        ),
        events=(
            "Resolver pods at 100% CPU; SERVFAIL rate {pct}%",
            "Node pool resize identified as the change",
        ),
        mitigation=(
            (
                "Scaled the resolvers to six replicas",
                "kubectl -n kube-system scale deploy/coredns --replicas=6",
                "bash",
            ),
        ),
        resolution="Resolvers scaled to six replicas; errors stopped at once.",
        fix="Resolvers autoscale on CPU; node-local DNS cache enabled.",
        actions=(
            ("Enable node-local DNS cache", "prevent"),
            ("Autoscale resolvers on query rate", "prevent"),
            ("Alert on SERVFAIL rate over 1%", "detect"),
        ),
        lessons=(
            "DNS is a tier-1 dependency and needs capacity planning.",
            "Retries without backoff amplify a partial failure.",
        ),
        alert="DNSServfailRate",
        detection="Synthetic check from {region} failed {ttd} minutes in.",
    ),
    Scenario(
        key="vendor",
        tags=("third-party", "retry-storm", "customer-facing"),
        titles=(
            "{Vendor} outage degraded {feature}",
            "{svc} failures during a {Vendor} incident",
            "Third-party outage: {Vendor} API errors",
        ),
        summary=(
            "{Vendor} had an outage and {svc} failed {pct}% of calls for {impact_min} minutes. "
            "Our retries tripled the load on the recovering provider. We enabled the fallback "
            "and queued work for later."
        ),
        impact="{Feature} degraded; queued work completed after the provider recovered.",
        cause=(
            "{Vendor} returned 502 for most API calls. `{svc}` retried each call five times "
            "without jitter, which kept its worker pool busy and delayed unrelated work."
        ),
        why="The fallback path existed but was manual and not in the runbook.",
        trigger="{Vendor} incident starting at {start_hm} UTC (their status page).",
        whys=(
            ("Why did {feature} degrade?", "{Vendor} API calls failed."),
            ("Why did other work slow down?", "Retries kept every worker busy."),
            ("Why so many retries?", "Five retries, no jitter, no circuit breaker."),
            ("Why no circuit breaker?", "The client predates our resilience library."),
            ("Why was the fallback late?", "It was manual and undocumented."),
        ),
        factors=(
            ("Provider outage", "dependency", "Outside our control."),
            ("Retries without jitter or a breaker", "code-defect", ""),
            ("Manual, undocumented fallback", "documentation", ""),
        ),
        events=(
            "{Vendor} status page confirms an incident",
            "Worker pool of {svc} saturated by retries",
        ),
        mitigation=(
            ("Enabled the queue fallback for {feature}", "", ""),
            ("Reduced retries to one", "", ""),
        ),
        resolution="Fallback on; queued work drained after {Vendor} recovered.",
        fix="Circuit breaker and jittered retries in the {Vendor} client; automatic fallback.",
        actions=(
            ("Add a circuit breaker to the {Vendor} client", "prevent"),
            ("Switch to the fallback automatically on breaker open", "mitigate"),
            ("Document the fallback in the runbook", "documentation"),
            ("Subscribe the incident channel to the {Vendor} status page", "detect"),
        ),
        lessons=(
            "Our retries are part of a provider's outage.",
            "A fallback nobody knows about is not a fallback.",
        ),
        alert="{Svc}UpstreamErrors",
        detection="Upstream error alert {ttd} minutes after the provider's first errors.",
    ),
    Scenario(
        key="cache",
        tags=("cache", "failover", "latency"),
        titles=(
            "Cache stampede on {dep} after a Redis failover",
            "{svc} latency spike: cold cache after failover",
            "{svc} overload when the cache was flushed",
        ),
        summary=(
            "A Redis failover emptied the cache in front of {dep}; every {svc} request went to "
            "the database at once and p99 latency reached {secs} s for {impact_min} minutes. "
            "We rate limited cache fills and the cache warmed up."
        ),
        impact="Slow or failed {feature} requests; p99 latency {secs} s.",
        cause=(
            "The failover promoted a replica with an empty cache. Without request coalescing, "
            "thousands of identical misses hit `{dep}` at the same time and saturated it."
        ),
        why="Cache warm-up after failover was never tested; coalescing was on the backlog.",
        trigger="Planned Redis maintenance at {deploy_time} triggered a failover.",
        whys=(
            ("Why was latency high?", "{dep} was saturated by cache misses."),
            ("Why so many misses?", "The promoted replica started empty."),
            ("Why empty?", "Replication lagged and the replica was restarted."),
            ("Why did misses pile up?", "No request coalescing for the same key."),
            ("Why no coalescing?", "It was deferred as an optimisation."),
        ),
        factors=(
            ("No request coalescing on cache misses", "code-defect", ""),
            ("Failover never tested under load", "testing", ""),
            ("Maintenance during business hours", "process", ""),
        ),
        events=(
            "Cache hit rate dropped from 97% to 3%",
            "{dep} CPU at 100%, connections saturated",
        ),
        mitigation=(
            ("Enabled the cache-fill rate limiter", "", ""),
            ("Served stale entries from the CDN for read paths", "", ""),
        ),
        resolution="Rate limited fills; hit rate back to 90% after 25 minutes.",
        fix="Request coalescing (single flight) for cache misses; failover drills quarterly.",
        actions=(
            ("Add single-flight request coalescing", "prevent"),
            ("Run a failover drill under production-like load", "prevent"),
            ("Alert on cache hit rate under 80%", "detect"),
            ("Schedule Redis maintenance outside business hours", "process"),
        ),
        lessons=(
            "A cache is part of capacity: losing it is losing capacity.",
            "Failovers must be tested with the load that follows them.",
        ),
        alert="{Dep}LatencyHigh",
        detection="Latency alert fired {ttd} minutes after the failover.",
    ),
    Scenario(
        key="queue",
        tags=("queue-backlog", "capacity", "autoscaling"),
        titles=(
            "{svc} consumer lag: messages delayed by hours",
            "Backlog in {queue} delayed {feature}",
            "{svc} fell behind after a partition rebalance",
        ),
        summary=(
            "Consumers of `{queue}` fell behind after a rebalance loop, and {feature} was "
            "delayed by up to {lag} minutes. Nothing was lost. We fixed the session timeout "
            "and added consumers to drain the backlog."
        ),
        impact="{Feature} delayed by up to {lag} minutes; no messages lost.",
        cause=(
            "A slow handler exceeded the consumer session timeout, so the group rebalanced, "
            "restarted the slow batch and rebalanced again. Throughput fell to near zero while "
            "producers kept writing to `{queue}`."
        ),
        why="The handler's batch size was raised without adjusting the session timeout.",
        trigger="A batch size change to {svc} at {deploy_time}.",
        whys=(
            ("Why was {feature} delayed?", "Messages waited in `{queue}`."),
            ("Why did they wait?", "Consumers kept rebalancing."),
            ("Why rebalance?", "Batches took longer than the session timeout."),
            ("Why longer?", "The batch size was raised."),
            ("Why not caught?", "No alert on consumer lag."),
        ),
        factors=(
            ("Batch size and session timeout changed independently", "configuration", ""),
            ("No alert on consumer lag", "detection", ""),
            ("Autoscaling on CPU, not on lag", "capacity", ""),
        ),
        events=(
            "Consumer lag on `{queue}` at {lag} minutes",
            "Rebalance loop visible in consumer logs",
        ),
        mitigation=(
            ("Reverted the batch size", "", ""),
            (
                "Added consumers to drain the backlog",
                "kubectl -n {ns} scale deploy/{svc}-consumer --replicas=12",
                "bash",
            ),
        ),
        resolution="Batch size reverted; backlog drained in 40 minutes with extra consumers.",
        fix="Consumers autoscale on lag; session timeout derived from the batch size.",
        actions=(
            ("Alert on consumer lag over 5 minutes", "detect"),
            ("Autoscale consumers on lag", "mitigate"),
            ("Validate batch size against the session timeout at startup", "prevent"),
        ),
        lessons=(
            "Lag is the signal for queues, not CPU.",
            "Coupled settings must be changed together or checked together.",
        ),
        alert="{Svc}ConsumerLag",
        detection="Found by the {team} {ttd} minutes in, through delayed {feature}.",
    ),
    Scenario(
        key="migration",
        tags=("migration", "database", "data-integrity"),
        titles=(
            "Schema migration locked `{table}`",
            "{svc} writes blocked by a migration lock",
            "Long-running migration on {dep} blocked {feature}",
        ),
        summary=(
            "A schema migration on `{table}` took an exclusive lock for {impact_min} minutes "
            "and blocked every write from {svc}. We cancelled it and re-ran it online in the "
            "evening."
        ),
        impact="Writes to {feature} failed; reads were served normally.",
        cause=(
            "The migration added a column with a default value, which rewrites the table on "
            "this database version and holds an `ACCESS EXCLUSIVE` lock on `{table}` "
            "(~{rows} million rows) for the whole rewrite."
        ),
        why="The migration linter does not know which operations rewrite tables.",
        trigger="Release `{release}` ran the migration at {deploy_time}.",
        whys=(
            ("Why did writes fail?", "`{table}` was locked."),
            ("Why locked?", "Adding a column with a default rewrote the table."),
            ("Why not expected?", "The author tested on a small table."),
            ("Why no warning?", "The migration linter misses table rewrites."),
            ("Why run at peak?", "Migrations run with every deploy."),
        ),
        factors=(
            ("Migration rewrote a large table under an exclusive lock", "code-defect", ""),
            ("Linter misses table rewrites", "testing", ""),
            ("Migrations run automatically at deploy time", "process", ""),
        ),
        events=(
            "Lock wait on `{table}`; {svc} write latency over 30 s",
            "Migration from `{release}` identified as the lock holder",
        ),
        mitigation=(
            (
                "Cancelled the migration",
                'psql -h {dep}.internal -c "SELECT pg_cancel_backend({pid});"',
                "bash",
            ),
            ("Re-ran it online at 21:00 in two steps", "", ""),
        ),
        resolution="Migration cancelled; re-run online in the evening without locking.",
        fix="Online migration pattern; linter rule for rewriting operations.",
        actions=(
            ("Add a linter rule for operations that rewrite tables", "prevent"),
            ("Run migrations on large tables outside deploys", "process"),
            ("Set `lock_timeout` for migrations", "mitigate"),
        ),
        lessons=(
            "Test migrations on production-sized data.",
            "A lock timeout turns an outage into a failed deploy.",
        ),
        alert="{Svc}WriteLatency",
        detection="Write latency alert {ttd} minutes after the migration began.",
    ),
    Scenario(
        key="ratelimit",
        tags=("rate-limit", "config-change", "customer-facing"),
        titles=(
            "Rate limiter rejected legitimate {svc} traffic",
            "{svc} 429s after a rate limit change",
            "Partners throttled by a wrong rate limit on {svc}",
        ),
        summary=(
            "A rate limit change on the gateway counted requests per region instead of per "
            "client, and {pct}% of {svc} calls got 429 for {impact_min} minutes. We reverted the "
            "rule and contacted affected partners."
        ),
        impact="Partners and mobile clients received 429 responses from {svc}.",
        cause=(
            "The new rule keyed its counter by the `X-Region` header, which every client in "
            "{region} shares, so the per-client limit of {limit} requests per second applied "
            "to the whole region."
        ),
        why="Rate limit rules are tested with a single client, which cannot show a wrong key.",
        trigger="Gateway rule change at {deploy_time}.",
        whys=(
            ("Why did clients get 429?", "The region's shared counter hit its limit."),
            ("Why shared?", "The rule was keyed by region, not client."),
            ("Why the wrong key?", "Two header names look alike in the rule syntax."),
            ("Why not caught?", "Tests use one client."),
            ("Why did it reach production?", "Gateway rules have no staging."),
        ),
        factors=(
            ("Rule keyed by the wrong header", "configuration", ""),
            ("Rule tests use a single client", "testing", ""),
            ("No staging for gateway rules", "process", ""),
        ),
        events=(
            "Share of 429 responses at {pct}% for {svc}",
            "Gateway rule change found in the change log",
        ),
        mitigation=(("Reverted the gateway rule", "gatewayctl rules revert {change_id}", "bash"),),
        resolution="Rule reverted; 429s stopped within a minute.",
        fix="Rule tests replay recorded multi-client traffic; rules deploy to staging first.",
        actions=(
            ("Replay recorded traffic in rate limit rule tests", "prevent"),
            ("Deploy gateway rules to staging first", "process"),
            ("Alert on 429 share over 2%", "detect"),
        ),
        lessons=(
            "Test a limiter with many clients, not one.",
            "Partners notice throttling before we do.",
        ),
        alert="Gateway429Share",
        detection="Partner report {ttd} minutes in; the 429 alert fired later.",
    ),
)

FEATURES = (
    "checkout", "order history", "search", "login", "password reset", "invoices", "refunds",
    "product pages", "the mobile app feed", "order confirmation emails", "push notifications",
    "shipping quotes", "report exports", "the partner API", "image uploads", "webhooks",
)  # fmt: skip
VENDORS = ("Stripe", "Twilio", "SendGrid", "Adyen", "Cloudflare", "Fastly", "Auth0", "PagerDuty")
TABLES = ("order_items", "orders", "invoices", "payments", "sessions", "events", "line_items")
COLUMNS = ("created_at", "customer_id", "tenant_id", "status", "updated_at")
PEAKS = ("lunchtime", "evening", "Monday morning", "Black Friday", "end-of-month")
WENT_WELL = (
    "The IC was named within two minutes of the page.",
    "The runbook steps worked as written.",
    "Status page updated within ten minutes.",
    "Rollback was fast and needed no approval.",
    "Responders shared findings in the channel as they went.",
    "The dashboard showed the failing dependency at a glance.",
    "Support had a customer message ready before the first tickets.",
)
WENT_WRONG = (
    "The key metric was on no dashboard, which cost about ten minutes.",
    "The runbook was out of date.",
    "It took too long to link the incident to the change.",
    "Two responders worked on the same hypothesis without knowing.",
    "The alert went to a channel nobody watches at night.",
    "Escalation to the owning team took 20 minutes.",
)
LUCKY = (
    "It happened outside the busiest hours.",
    "A planned migration was not in the same release.",
    "An engineer who knew the system was online.",
    "Payments use their own pool, so paid orders completed.",
)
LEARNED_GENERIC = (
    "Dashboards should show saturation, not only errors.",
    "Changes need an owner who watches them after rollout.",
    "Alerts must reach someone awake.",
    "Write the runbook while the incident is fresh.",
)
PROCESS = (
    "Add the change log to the incident template.",
    "Review alert routing every quarter.",
    "Name a communications lead for every SEV1 and SEV2.",
)
MONITORING = (
    "Alert on saturation of every pool and queue.",
    "Add deploy markers to every service dashboard.",
    "Track time to detect per alert.",
)
CHANNELS = ("#incidents", "Status Page", "#support", "#eng-leads", "Email to partners")


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _wrap(text: str) -> str:
    """Prose as authors write it in YAML block scalars: lines of at most 80 characters."""
    return textwrap.fill(text, 80) + "\n"


def _hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:00Z")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def incidents(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """N complete, schema-valid postmortems as plain data, oldest first."""
    return [data for data, _ in _generate(n, seed)]


def _generate(n: int, seed: int) -> list[tuple[dict[str, Any], str]]:
    """Each incident with its YAML text."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(n))
    seq: dict[int, int] = {}
    ids = []
    for day in days:
        seq[day.year] = seq.get(day.year, 0) + 1
        ids.append(f"INC-{day.year}-{seq[day.year]:03d}")
    return [_fit(_incident(rng, i, days[i], ids)) for i in range(n)]


MAX_BYTES = 6000


def _fit(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Keep the rare very thorough write-up under MAX_BYTES by leaving out optional parts."""
    trims = (
        ("response", "lucky"),
        ("lessons", "monitoring_improvements"),
        ("lessons", "process_improvements"),
        ("resolution", "permanent_fix"),
        ("root_cause", "why"),
        ("impact", "business"),
        ("people", "reviewers"),
        ("people", "scribe"),
    )
    text = to_yaml(data)
    for section, key in trims:
        if len(text.encode()) <= MAX_BYTES:
            break
        data[section].pop(key, None)
        text = to_yaml(data)
    return data, text


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _incident(rng: random.Random, index: int, day: date, ids: list[str]) -> dict[str, Any]:
    scenario = rng.choice(SCENARIOS)
    svc, dep = rng.sample(SERVICES, 2)
    feature = rng.choice(FEATURES)
    depth = rng.random()
    """How thorough the write-up is: drafts and small incidents have fewer optional parts."""
    ttd = rng.choice((2, 3, 4, 6, 8, 11, 15, 22, 35, 48))
    tta = rng.choice((1, 2, 3, 5, 8, 14))
    ttm = ttd + tta + rng.randrange(8, 180)
    ttr = ttm + rng.randrange(10, 300)
    start = datetime(day.year, day.month, day.day) + timedelta(
        minutes=rng.randrange(24 * 60 - ttr - 10)
    )
    detected = start + timedelta(minutes=ttd)
    acknowledged = detected + timedelta(minutes=tta)
    mitigated = start + timedelta(minutes=ttm)
    resolved = start + timedelta(minutes=ttr)
    pool = rng.choice((8, 10, 16, 20))
    mem = rng.choice((512, 1024, 2048))
    ctx = {
        "svc": svc,
        "Svc": _camel(svc),
        "dep": dep,
        "Dep": _camel(dep),
        "feature": feature,
        "Feature": feature[0].upper() + feature[1:],
        "Vendor": rng.choice(VENDORS),
        "region": rng.choice(REGIONS[:-1]),
        "release": f"{day.year}.{day.month:02d}.{day.day:02d}-{rng.randrange(1, 5)}",
        "day": f"{day:%B} {day.day}, {day.year}",
        "start_hm": _hm(start),
        "deploy_time": _hm(start - timedelta(minutes=rng.randrange(1, 20))),
        "impact_min": ttm,
        "failed": f"{rng.randrange(800, 60000):,}",
        "pool": pool,
        "pool2": pool * 2 + 5,
        "secs": rng.choice((4, 7, 9, 12, 18)),
        "pct": rng.randrange(12, 95),
        "lag": rng.choice((25, 40, 75, 130, 240)),
        "mem": mem,
        "mem2": mem * 2,
        "flag": f"{_slug(feature)}-{rng.choice(('v2', 'rollout', 'beta', 'new-path'))}",
        "table": rng.choice(TABLES),
        "column": rng.choice(COLUMNS),
        "peak": rng.choice(PEAKS),
        "queue": f"{svc}.{rng.choice(('events', 'jobs', 'updates'))}",
        "ns": svc.split("-")[0],
        "team": rng.choice(TEAMS),
        "ttd": ttd,
        "change_id": f"chg-{rng.randrange(10000, 99999)}",
        "pid": rng.randrange(1000, 65000),
        "rows": rng.choice((40, 120, 380)),
        "limit": rng.choice((50, 100, 200)),
    }

    def f(text: str) -> str:
        return text.format(**ctx)

    severity = _weighted(rng, SEVERITIES)
    old = (LAST_DAY - day).days > 540
    status = (
        rng.choice(("final", "final", "archived"))
        if old
        else _weighted(rng, (("final", 70), ("in-review", 18), ("draft", 12)))
    )
    commander, scribe, author, on_call, reviewer = (_person(rng) for _ in range(5))
    data: dict[str, Any] = {
        "id": ids[index],
        "title": f(rng.choice(scenario.titles)),
        "date": day.isoformat(),
        "severity": rng.choice(SEVERITY_SPELLINGS.get(severity, (severity,))),
        "status": status,
    }
    if rng.random() < 0.5:
        data["incident_status"] = "resolved"
    data["environment"] = _weighted(rng, ENVIRONMENTS)
    if rng.random() < 0.5:
        data["timezone"] = "UTC"
    data["services"] = [svc, dep]
    tags = rng.sample(scenario.tags, 2)
    extra_tag = rng.choice(TAGS)
    if extra_tag not in tags:
        tags.append(extra_tag)
    data["tags"] = tags
    data["tracking_issue"] = f"{svc.split('-')[0].upper()}-{rng.randrange(100, 9999)}"
    data["summary"] = _wrap(f(scenario.summary))
    people: dict[str, Any] = {"incident_commander": commander}
    if depth > 0.3:
        people["scribe"] = scribe
    people["authors"] = [author]
    people["on_call"] = [on_call]
    if depth > 0.5:
        people["reviewers"] = [reviewer]
    data["people"] = people
    data["timestamps"] = {
        "started": _ts(start),
        "detected": _ts(detected),
        "acknowledged": _ts(acknowledged),
        "mitigated": _ts(mitigated),
        "resolved": _ts(resolved),
    }
    timeline: list[dict[str, Any]] = []
    if depth > 0.6:
        timeline.append({"time": _hm(start), "event": f"First errors from `{svc}` (seen later)"})
    timeline.append({"time": _hm(detected), "event": f(f"Alert `{scenario.alert}` fired")})
    timeline.append(
        {
            "time": _hm(acknowledged),
            "event": f"{severity} declared with {commander} as IC",
            "actor": on_call,
        }
    )
    events = scenario.events if depth > 0.5 else scenario.events[-1:]
    for k, event in enumerate(events):
        at = acknowledged + (mitigated - acknowledged) * (k + 1) / (len(events) + 1)
        timeline.append(
            {"time": _hm(at), "event": f(event), "actor": rng.choice((on_call, scribe))}
        )
    timeline.append({"time": _hm(mitigated), "event": "Impact over; error rate at baseline"})
    timeline.append({"time": _hm(resolved), "event": "Incident closed"})
    data["timeline"] = timeline
    impact: dict[str, Any] = {
        "summary": f(scenario.impact),
        "level": rng.choice(("outage", "degraded", "partial", "minor")),
        "customer_scope": rng.choice(("all", "enterprise", "subset")),
        "duration": f"{ttm} minutes",
        "user": {
            "affected_users": rng.randrange(200, 40000),
            "affected_users_percent": round(rng.uniform(0.5, 60), 1),
            "error_rate_percent": round(rng.uniform(1, 99), 1),
        },
    }
    if depth > 0.6:
        impact["business"] = {
            "sla_breach": severity in ("SEV1", "SEV2") and rng.random() < 0.6,
            "support_tickets": rng.randrange(0, 120),
        }
    data["impact"] = impact
    method = rng.choice(
        ("automated-alert", "automated-alert", "customer-report", "synthetic-monitor")
    )
    data["detection"] = {
        "summary": f(scenario.detection),
        "methods": [{"method": method, "details": f(scenario.alert)}],
    }
    whys = scenario.whys[: 3 + (depth > 0.5) + (depth > 0.8)]
    cause: dict[str, Any] = {"summary": _wrap(f(scenario.cause))}
    if depth > 0.25:
        cause["why"] = _wrap(f(scenario.why))
    cause["trigger"] = f(scenario.trigger)
    if rng.random() < 0.4:
        cause["five_whys"] = [{"question": f(q), "answer": f(a)} for q, a in whys]
    else:
        cause["five_whys"] = [{"answer": f(a)} for _, a in whys]
    data["root_cause"] = cause
    factors = []
    count = rng.randrange(2, len(scenario.factors) + 1)
    for text, category, details in rng.sample(scenario.factors, count):
        factor: dict[str, Any] = {"factor": f(text), "category": category}
        if details:
            factor["details"] = f(details)
        factors.append(factor)
    data["contributing_factors"] = factors
    response: dict[str, Any] = {
        "went_well": rng.sample(WENT_WELL, 1 + (depth > 0.5)),
        "went_wrong": rng.sample(WENT_WRONG, 1 + (depth > 0.7)),
    }
    if depth > 0.45:
        response["lucky"] = rng.sample(LUCKY, 1)
    data["response"] = response
    mitigation = []
    for k, (action, command, language) in enumerate(scenario.mitigation):
        at = mitigated - timedelta(minutes=2 * (len(scenario.mitigation) - k))
        step: dict[str, Any] = {
            "time": _hm(max(at, acknowledged)),
            "action": f(action),
            "executed_by": rng.choice((on_call, commander)),
        }
        if command and depth > 0.45:
            step["command"] = f(command)
            step["language"] = language
        step["result"] = "success"
        mitigation.append(step)
    resolution: dict[str, Any] = {
        "summary": f(scenario.resolution),
        "mitigation_steps": mitigation,
    }
    if depth > 0.3:
        resolution["permanent_fix"] = {"summary": f(scenario.fix)}
    data["resolution"] = resolution
    items = []
    count = min(len(scenario.actions), 2 + (depth > 0.4) + (depth > 0.75))
    chosen = rng.sample(scenario.actions, count)
    for k, (action, kind) in enumerate(chosen):
        due = day + timedelta(days=rng.choice((7, 14, 30, 45, 90, 120)))
        item: dict[str, Any] = {
            "action": f(action),
            "owner": rng.choice((author, on_call, ctx["team"])),
            "priority": f"P{min(3, k + rng.randrange(1, 3))}",
            "due": due.isoformat(),
        }
        if due.isoformat() < AS_OF and rng.random() < 0.8:
            done = min(due + timedelta(days=rng.randrange(-5, 10)), date.fromisoformat(AS_OF))
            item["status"] = "done"
            item["completed"] = max(done, day).isoformat()
        else:
            item["status"] = rng.choice(("open", "open", "in-progress", "blocked", "cancelled"))
        if depth > 0.4:
            item["type"] = kind
        if depth > 0.3:
            item["ticket"] = f"{data['tracking_issue'].split('-')[0]}-{rng.randrange(100, 9999)}"
        items.append(item)
    data["action_items"] = items
    lessons: dict[str, Any] = {"learned": [f(rng.choice(scenario.lessons))]}
    if depth > 0.6:
        lessons["learned"].append(rng.choice(LEARNED_GENERIC))
        lessons["process_improvements"] = [rng.choice(PROCESS)]
    if depth > 0.7:
        lessons["monitoring_improvements"] = [rng.choice(MONITORING)]
    data["lessons"] = lessons
    channel = f"#inc-{day.isoformat()}-{_slug(svc)}"
    log = [
        {
            "time": _hm(acknowledged + timedelta(minutes=1)),
            "channel": "#incidents",
            "author": commander,
            "message": f"{severity} declared, {svc} affected, IC {commander.split()[0]}.",
        }
    ]
    if depth > 0.4:
        log.append(
            {
                "time": _hm(mitigated + timedelta(minutes=3)),
                "channel": rng.choice(CHANNELS[1:]),
                "author": commander,
                "message": "Fix applied; monitoring.",
            }
        )
    data["communication"] = {"internal": {"channel": channel}, "log": log}
    if index > 0 and rng.random() < 0.35:
        low = max(0, index - 300)
        targets = sorted(rng.sample(range(low, index), min(index - low, rng.choice((1, 1, 2)))))
        data["related_incidents"] = [
            {
                "id": ids[t],
                "type": rng.choice(RELATION_TYPES),
                "note": f"Same pattern in {rng.choice((svc, dep, 'another service'))}.",
            }
            for t in targets
        ]
    links = [
        {
            "title": f"{svc} dashboard",
            "url": f"https://grafana.example.com/d/{svc}",
            "kind": "dashboard",
        }
    ]
    if depth > 0.5:
        pr = rng.randrange(100, 5000)
        links.append(
            {"title": "Fix", "url": f"https://github.com/example-org/{svc}/pull/{pr}", "kind": "pr"}
        )
    if depth > 0.65:
        links.append(
            {
                "title": f"{svc} runbook",
                "url": f"https://wiki.example.com/runbooks/{svc}",
                "kind": "runbook",
            }
        )
    data["links"] = links
    return data


# --- YAML ------------------------------------------------------------------------------------

_RESERVED = frozenset(("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _DATE.fullmatch(text):
        return text  # as authors write dates; the plugin keeps them as text
    plain = (
        text[:1].isalpha()
        and text.lower() not in _RESERVED
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        head = f"{pad}{key}:" if key is not None else f"{pad}-"
        if isinstance(item, str) and "\n" in item:
            out.append(f"{head} |" if item.endswith("\n") else f"{head} |-")
            out.extend(f"{pad}  {line}" if line else "" for line in item.splitlines())
        elif isinstance(item, (dict, list)) and item:
            sub = _lines(item, indent + 2)
            if key is None and isinstance(item, dict):
                out.append(f"{pad}- {sub[0][indent + 2 :]}")
                out.extend(sub[1:])
            else:
                out.append(head)
                out.extend(sub)
        elif isinstance(item, (dict, list)):
            out.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
        else:
            out.append(f"{head} {_scalar(item)}")
    return out


def to_yaml(data: dict[str, Any]) -> str:
    """Block-style YAML as a person writes it (lists indented under their key)."""
    return "\n".join(_lines(data, 0)) + "\n"


INVALID_KINDS = (
    "missing-summary",
    "bad-status",
    "impossible-date",
    "unknown-field",
    "wrong-type",
    "unknown-severity",
    "yaml-syntax",
)
"""The problems ``invalid=K`` introduces, one per file, in turn."""


def _break(data: dict[str, Any], kind: str) -> str:
    broken = json.loads(json.dumps(data))  # deep copy of plain data
    if kind == "missing-summary":
        del broken["summary"]
    elif kind == "bad-status":
        broken["status"] = "complete"
    elif kind == "impossible-date":
        broken["date"] = f"{broken['date'][:4]}-02-30"
    elif kind == "unknown-field":
        broken["root_casue"] = broken.pop("root_cause")
    elif kind == "wrong-type":
        broken["impact"]["user"]["affected_users"] = "about 6000"
    elif kind == "unknown-severity":
        broken["severity"] = "SEV9"
    text = to_yaml(broken)
    if kind == "yaml-syntax":  # an unterminated quote, as a careless edit leaves it
        text = text.replace(f"title: {_scalar(broken['title'])}", f'title: "{broken["title"]}', 1)
    return text


# --- Markdown --------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _bullets(items: list[str]) -> list[str]:
    return [*(f"- {item}" for item in items), ""]


def page_name(incident: dict[str, Any]) -> str:
    return f"{_slug(incident['id'])}.md"


def markdown_page(data: dict[str, Any]) -> str:
    """The incident as a team writes it by hand in Markdown: the same facts, no plugin."""
    people = data["people"]
    out = [f"# {data['id']}: {data['title']}", ""]
    facts = [
        ["Date", data["date"]],
        ["Severity", data["severity"]],
        ["Status", data["status"]],
        ["Incident status", data.get("incident_status", "")],
        ["Environment", data["environment"]],
        ["Services", ", ".join(data["services"])],
        ["Tags", ", ".join(data["tags"])],
        ["Tracking issue", data["tracking_issue"]],
        ["Incident commander", people["incident_commander"]],
        ["Scribe", people.get("scribe", "")],
        ["Authors", ", ".join(people["authors"])],
        ["On call", ", ".join(people["on_call"])],
        ["Reviewers", ", ".join(people.get("reviewers", []))],
    ]
    out += _table(["Field", "Value"], [row for row in facts if row[1]])
    out += ["## Summary", "", data["summary"].strip(), ""]
    impact = data["impact"]
    user = impact["user"]
    figures = [
        ["Level", impact["level"]],
        ["Customers", impact["customer_scope"]],
        ["Duration", impact["duration"]],
        ["Affected users", f"{user['affected_users']:,} ({user['affected_users_percent']}%)"],
        ["Peak error rate", f"{user['error_rate_percent']}%"],
    ]
    if "business" in impact:
        figures.append(["SLA breached", "yes" if impact["business"]["sla_breach"] else "no"])
        figures.append(["Support tickets", impact["business"]["support_tickets"]])
    out += ["## Impact", "", impact["summary"], "", *_table(["Figure", "Value"], figures)]
    stamps = [[k.capitalize(), v] for k, v in data["timestamps"].items()]
    out += ["## Key times (UTC)", "", *_table(["Milestone", "Time"], stamps)]
    events = [[e["time"], e["event"], e.get("actor", "")] for e in data["timeline"]]
    out += ["## Timeline (UTC)", "", *_table(["Time", "Event", "Actor"], events)]
    detection = data["detection"]
    out += ["## Detection", "", detection["summary"], ""]
    out += _bullets([f"{m['method']}: {m['details']}" for m in detection["methods"]])
    cause = data["root_cause"]
    out += ["## Root cause", "", cause["summary"].strip(), ""]
    if "why" in cause:
        out += ["### Why it happened", "", cause["why"].strip(), ""]
    out += ["### Trigger", "", cause["trigger"], "", "### Five whys", ""]
    for k, why in enumerate(cause["five_whys"], 1):
        question = f"**{why['question']}** " if "question" in why else ""
        out.append(f"{k}. {question}{why['answer']}")
    factors = [
        [c["factor"], c["category"], c.get("details", "")] for c in data["contributing_factors"]
    ]
    out += ["", "## Contributing factors", "", *_table(["Factor", "Category", "Details"], factors)]
    response = data["response"]
    out += ["## Response", "", "### What went well", "", *_bullets(response["went_well"])]
    out += ["### What went wrong", "", *_bullets(response["went_wrong"])]
    if "lucky" in response:
        out += ["### Where we got lucky", "", *_bullets(response["lucky"])]
    resolution = data["resolution"]
    out += ["## Resolution", "", resolution["summary"], "", "### Mitigation steps", ""]
    for step in resolution["mitigation_steps"]:
        who = step["executed_by"]
        out.append(f"- **{step['time']}** {step['action']} ({who}): {step['result']}")
        if "command" in step:
            out += ["", f"    ```{step['language']}"]
            out += [f"    {line}" for line in step["command"].splitlines()]
            out += ["    ```", ""]
    out.append("")
    if "permanent_fix" in resolution:
        out += ["### Permanent fix", "", resolution["permanent_fix"]["summary"], ""]
    columns = ("action", "owner", "priority", "due", "status", "completed", "type", "ticket")
    rows = [[a.get(c, "") for c in columns] for a in data["action_items"]]
    out += ["## Action items", "", *_table([c.capitalize() for c in columns], rows)]
    lessons = data["lessons"]
    out += ["## Lessons learned", "", *_bullets(lessons["learned"])]
    if "process_improvements" in lessons:
        out += ["### Process improvements", "", *_bullets(lessons["process_improvements"])]
    if "monitoring_improvements" in lessons:
        out += ["### Monitoring improvements", "", *_bullets(lessons["monitoring_improvements"])]
    comms = data["communication"]
    log = [[m["time"], m["channel"], m["author"], m["message"]] for m in comms["log"]]
    out += ["## Communication", "", f"Incident channel: `{comms['internal']['channel']}`", ""]
    out += _table(["Time", "Channel", "Author", "Message"], log)
    if data.get("related_incidents"):
        related = [
            f"[{r['id']}]({page_name(r)}) ({r['type']}): {r['note']}"
            for r in data["related_incidents"]
        ]
        out += ["## Related incidents", "", *_bullets(related)]
    links = [f"[{link['title']}]({link['url']}) ({link['kind']})" for link in data["links"]]
    out += ["## Links", "", *_bullets(links)]
    return "\n".join(out)


def markdown_index(items: list[dict[str, Any]]) -> str:
    """The hand-maintained list of every incident, newest first."""
    out = ["# Incident postmortems", "", f"{len(items):,} incidents, newest first.", ""]
    rows = [
        [i["id"], i["date"], i["severity"], f"[{_cell(i['title'])}](incidents/{page_name(i)})"]
        for i in reversed(items)
    ]
    out += _table(["Id", "Date", "Severity", "Title"], rows)
    return "\n".join(out)


# --- Sites -----------------------------------------------------------------------------------

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""
"""The same extensions in both sites (the plugin needs these), so only the pages differ."""


def _mkdocs_yml(plugins: str, extra: str = "") -> str:
    return (
        "site_name: Incident archive (benchmark)\n"
        "theme:\n  name: material\n"
        "nav:\n  - Home: index.md\n"
        f"{extra}"
        f"plugins:\n{plugins}"
        f"{MARKDOWN_EXTENSIONS}"
    )


def write_yaml_archive(
    root: Path, n: int, *, invalid: int = 0, seed: int = 1, pagefind: str = "false"
) -> None:
    """An MkDocs project with N postmortems as YAML and the postmortem plugin enabled
    (``pagefind``: the plugin's option of that name)."""
    items = _generate(n, seed)
    folder = root / "docs" / "postmortems"
    folder.mkdir(parents=True, exist_ok=True)
    # Material's search for every page, as on the hand-written site: the comparison is of the
    # pages; what Pagefind adds is measured by search.py, which turns it on.
    plugins = f'  - search\n  - postmortem:\n      as_of: "{AS_OF}"\n      pagefind: {pagefind}\n'
    (root / "mkdocs.yml").write_text(_mkdocs_yml(plugins), "utf-8")
    (root / "docs" / "index.md").write_text(
        "# Incident archive\n\nEvery postmortem: [the archive](postmortems/index.md).\n", "utf-8"
    )
    broken = dict.fromkeys(random.Random(seed + 1).sample(range(n), min(invalid, n)), "")
    for k, index in enumerate(sorted(broken)):
        broken[index] = INVALID_KINDS[k % len(INVALID_KINDS)]
    used: set[str] = set()
    for index, (data, text) in enumerate(items):
        name = f"{data['date']}-{_slug(data['title'])[:48].strip('-')}"
        while name in used:
            name += "-2"
        used.add(name)
        kind = broken.get(index)
        if kind:
            text = _break(data, kind)
        (folder / f"{name}.yaml").write_text(text, "utf-8")


def write_markdown_site(root: Path, n: int, seed: int = 1) -> None:
    """The same N incidents as hand-written Markdown pages (out of the nav) and an index."""
    items = incidents(n, seed)
    folder = root / "docs" / "incidents"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        _mkdocs_yml("  - search\n", 'not_in_nav: "/incidents/"\n'), "utf-8"
    )
    (root / "docs" / "index.md").write_text(markdown_index(items), "utf-8")
    for data in items:
        (folder / page_name(data)).write_text(markdown_page(data), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of incidents")
    parser.add_argument("dir", type=Path, help="project folder to write (mkdocs.yml, docs/)")
    parser.add_argument("--markdown", action="store_true", help="hand-written Markdown pages")
    parser.add_argument("--invalid", type=int, default=0, metavar="K", help="K invalid files")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.markdown:
        write_markdown_site(args.dir, args.n, seed=args.seed)
    else:
        write_yaml_archive(args.dir, args.n, invalid=args.invalid, seed=args.seed)
        sizes = [p.stat().st_size for p in (args.dir / "docs" / "postmortems").glob("*.yaml")]
        if sizes:
            print(
                f"{len(sizes)} files, {min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB, "
                f"mean {sum(sizes) / len(sizes) / 1024:.2f} KB"
            )


if __name__ == "__main__":
    main()
