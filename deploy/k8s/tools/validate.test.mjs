// The validator must fail on what the API server or the platform would get wrong, not only pass good overlays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stringify } from "yaml";
import { servedHealthPaths, validateOverlay } from "./validate.mjs";

const healthPaths = new Set(["/health/live", "/health/ready"]);

/** A small overlay that is valid: a silo with its ConfigMap, Secret and account, and a Service in front of it. */
function overlay() {
  const labels = { "app.kubernetes.io/component": "silo", "orleans/clusterId": "c1", "orleans/serviceId": "s1" };
  const probe = (path) => ({ httpGet: { path, port: "http" }, periodSeconds: 5 });
  return [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "config" },
      data: { Platform__Cluster__Kubernetes: "true", Platform__Cluster__ClusterId: "c1", Platform__Cluster__ServiceId: "s1",
              Platform__Cluster__SiloPort: "11111", Platform__Cluster__GatewayPort: "30000" } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "secrets" }, data: { key: "c2VjcmV0" } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "silo" } },
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "silo" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { "app.kubernetes.io/component": "silo" } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: "silo",
            securityContext: { runAsNonRoot: true, runAsUser: 1654 },
            containers: [{
              name: "silo",
              image: "mcp-platform-silo:1",
              ports: [{ name: "http", containerPort: 8080 }, { name: "silo", containerPort: 11111 }, { name: "gateway", containerPort: 30000 }],
              envFrom: [{ configMapRef: { name: "config" } }],
              env: [{ name: "KEY", valueFrom: { secretKeyRef: { name: "secrets", key: "key" } } }],
              resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
              readinessProbe: probe("/health/ready"),
              livenessProbe: probe("/health/live"),
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            }],
          },
        },
      } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "silo" },
      spec: { selector: { "app.kubernetes.io/component": "silo" }, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
  ];
}

const container = (objects) => objects[3].spec.template.spec.containers[0];

async function problemsOf(objects, options = {}) {
  const text = objects.map((o) => stringify(o)).join("---\n");
  return (await validateOverlay(text, { healthPaths, ...options })).problems;
}

test("a valid overlay has no problems", async () => {
  assert.deepEqual(await problemsOf(overlay()), []);
});

test("an unknown kind fails instead of passing unchecked", async () => {
  const objects = [...overlay(), { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }];
  assert.match((await problemsOf(objects)).join("\n"), /Widget\/w: unknown kind example.com\/v1\/Widget/);
});

test("a misspelt field fails although the schema allows unknown properties", async () => {
  const objects = overlay();
  container(objects).readinesProbe = container(objects).readinessProbe;
  assert.match((await problemsOf(objects)).join("\n"), /containers\/0\/readinesProbe: unknown field/);
});

test("a wrong type and a missing required field fail", async () => {
  const objects = overlay();
  objects[3].spec.replicas = "two";
  delete objects[3].spec.template.spec.containers[0].name;
  const problems = (await problemsOf(objects)).join("\n");
  assert.match(problems, /\/spec\/replicas must be integer/);
  assert.match(problems, /must have required property 'name'|must have required property name/);
});

test("a probe on a path the apps do not serve fails", async () => {
  const objects = overlay();
  container(objects).livenessProbe.httpGet.path = "/healthz";
  assert.match((await problemsOf(objects)).join("\n"), /livenessProbe: path \/healthz is not a health endpoint/);
});

test("a probe on a port the container does not declare fails", async () => {
  const objects = overlay();
  container(objects).readinessProbe.httpGet.port = "web";
  assert.match((await problemsOf(objects)).join("\n"), /readinessProbe: port web is not a port of the container/);
});

test("a Service whose target port no selected pod has fails", async () => {
  const objects = overlay();
  objects[4].spec.ports[0].targetPort = "metrics";
  assert.match((await problemsOf(objects)).join("\n"), /targetPort metrics is not a named port/);
});

test("a Secret that is neither rendered nor declared external fails", async () => {
  const objects = overlay().filter((o) => o.kind !== "Secret");
  assert.match((await problemsOf(objects)).join("\n"), /Secret secrets is neither in the overlay nor declared/);
  assert.deepEqual(await problemsOf(objects, { externalSecrets: new Set(["secrets"]) }), []);
});

test("silo pods labelled with another cluster id than the silos are configured with fail", async () => {
  const objects = overlay();
  objects[3].spec.template.metadata.labels["orleans/clusterId"] = "other";
  assert.match((await problemsOf(objects)).join("\n"), /orleans\/clusterId=other differs from Platform__Cluster__ClusterId=c1/);
});

test("a root or writable container fails", async () => {
  const objects = overlay();
  objects[3].spec.template.spec.securityContext.runAsNonRoot = false;
  container(objects).securityContext.readOnlyRootFilesystem = false;
  const problems = (await problemsOf(objects)).join("\n");
  assert.match(problems, /runAsNonRoot is not true/);
  assert.match(problems, /readOnlyRootFilesystem is not true/);
});

test("broken YAML fails", async () => {
  const result = await validateOverlay("apiVersion: v1\nkind: [ConfigMap\n", { healthPaths });
  assert.ok(result.problems.some((p) => p.startsWith("YAML:")), result.problems.join("\n"));
});

test("the served health paths are read from the apps' constants", () => {
  const source = 'public const string LivenessPath = "/health/live";\n    public const string ReadinessPath = "/health/ready";';
  assert.deepEqual([...servedHealthPaths(source)], ["/health/live", "/health/ready"]);
  assert.ok(servedHealthPaths().has("/health/live"), "ServiceDefaultsExtensions.cs declares /health/live");
});

test("a grace period shorter than the silo's shutdown timeout fails", async () => {
  const objects = overlay();
  objects[0].data.Platform__Cluster__ShutdownTimeout = "00:01:00";
  assert.match((await problemsOf(objects)).join("\n"), /Deployment\/silo: terminationGracePeriodSeconds 30 does not cover its stop \(60 s\)/);
  objects[3].spec.template.spec.terminationGracePeriodSeconds = 75;
  assert.deepEqual(await problemsOf(objects), []);
});

test("a frontend that stops serving before the load balancers can take it out fails", async () => {
  const objects = overlay();
  objects[3].spec.template.metadata.labels["app.kubernetes.io/component"] = "frontend";
  assert.match((await problemsOf(objects)).join("\n"), /Deployment\/silo: keeps serving 0 s once told to stop; the load balancers need at least 3 s/);
  objects[0].data.Platform__Shutdown__DrainDelay = "00:00:05";
  assert.doesNotMatch((await problemsOf(objects)).join("\n"), /keeps serving/);
});

test("an environment variable naming a key its Secret lacks fails", async () => {
  const objects = overlay();
  container(objects).env[0].valueFrom.secretKeyRef.key = "missing";
  assert.match((await problemsOf(objects)).join("\n"), /container silo: Secret secrets has no key missing \(KEY\)/);
});
