// The platform's own rules over a rendered overlay: what the schemas cannot know. Each check returns problems as
// strings naming the object; an empty list means the overlay holds together.

const workloadKinds = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

export const describe = (object) => `${object.kind}/${object.metadata?.name}`;

/** Every check, in order. */
export function checkOverlay(objects, { healthPaths, externalSecrets = new Set() }) {
  return [
    ...checkNames(objects),
    ...objects.filter((o) => workloadKinds.has(o.kind)).flatMap((workload) => [
      ...checkSelector(workload),
      ...checkProbes(workload, healthPaths),
      ...checkContainers(workload),
      ...checkReferences(workload, objects, externalSecrets),
    ]),
    ...checkSiloMatchesConfig(objects),
    ...checkGracePeriods(objects),
    ...checkFrontendDrain(objects),
    ...checkServices(objects),
    ...checkTargets(objects),
  ];
}

/** Two objects of one kind and name in one namespace would overwrite each other on apply. */
function checkNames(objects) {
  const seen = new Set();
  const problems = [];
  for (const object of objects) {
    const key = `${object.kind}/${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
    if (seen.has(key)) {
      problems.push(`${describe(object)}: defined twice`);
    }
    seen.add(key);
  }
  return problems;
}

const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

function checkSelector(workload) {
  const selector = workload.spec?.selector?.matchLabels;
  return matches(selector, workload.spec?.template?.metadata?.labels)
    ? []
    : [`${describe(workload)}: spec.selector does not match the pod template's labels`];
}

const containersOf = (workload) => workload.spec?.template?.spec?.containers ?? [];

/** HTTP probes must ask a path the apps serve, on a port the container declares. */
function checkProbes(workload, healthPaths) {
  const problems = [];
  for (const container of containersOf(workload)) {
    const ports = new Set((container.ports ?? []).flatMap((p) => [p.name, p.containerPort]).filter((p) => p !== undefined));
    for (const kind of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      const httpGet = container[kind]?.httpGet;
      if (!httpGet) {
        continue;
      }
      const where = `${describe(workload)} container ${container.name} ${kind}`;
      if (!healthPaths.has(httpGet.path)) {
        problems.push(`${where}: path ${httpGet.path} is not a health endpoint the apps serve (${[...healthPaths].join(", ")})`);
      }
      if (!ports.has(httpGet.port)) {
        problems.push(`${where}: port ${httpGet.port} is not a port of the container`);
      }
    }
  }
  return problems;
}

/** Non-root, read-only, no capabilities, and memory requested and capped: the "restricted" Pod Security Standard and more. */
function checkContainers(workload) {
  const problems = [];
  const pod = workload.spec?.template?.spec ?? {};
  for (const container of containersOf(workload)) {
    const where = `${describe(workload)} container ${container.name}`;
    const security = container.securityContext ?? {};
    if ((security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) {
      problems.push(`${where}: runAsNonRoot is not true`);
    }
    if (security.readOnlyRootFilesystem !== true) {
      problems.push(`${where}: readOnlyRootFilesystem is not true`);
    }
    if (security.allowPrivilegeEscalation !== false) {
      problems.push(`${where}: allowPrivilegeEscalation is not false`);
    }
    if (!(security.capabilities?.drop ?? []).includes("ALL")) {
      problems.push(`${where}: capabilities do not drop ALL`);
    }
    if (!container.resources?.requests?.memory || !container.resources?.limits?.memory || !container.resources?.requests?.cpu) {
      problems.push(`${where}: needs cpu and memory requests and a memory limit`);
    }
  }
  return problems;
}

/** ConfigMaps, Secrets and the service account a pod names must be in the overlay (or be made outside it, on purpose). */
function checkReferences(workload, objects, externalSecrets) {
  const has = (kind, name) => objects.some((o) => o.kind === kind && o.metadata?.name === name);
  const problems = [];
  const where = describe(workload);
  const pod = workload.spec?.template?.spec ?? {};
  const secrets = new Set();
  const configMaps = new Set();
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) configMaps.add(source.configMapRef.name);
      if (source.secretRef) secrets.add(source.secretRef.name);
    }
    for (const variable of container.env ?? []) {
      if (variable.valueFrom?.configMapKeyRef) configMaps.add(variable.valueFrom.configMapKeyRef.name);
      if (variable.valueFrom?.secretKeyRef) secrets.add(variable.valueFrom.secretKeyRef.name);
    }
  }
  for (const volume of pod.volumes ?? []) {
    if (volume.configMap) configMaps.add(volume.configMap.name);
    if (volume.secret) secrets.add(volume.secret.secretName);
  }
  for (const name of configMaps) {
    if (!has("ConfigMap", name)) problems.push(`${where}: ConfigMap ${name} is not in the overlay`);
  }
  for (const name of secrets) {
    if (!has("Secret", name) && !externalSecrets.has(name)) {
      problems.push(`${where}: Secret ${name} is neither in the overlay nor declared as made outside it`);
    }
  }
  // A missing key stops the container from being created (CreateContainerConfigError), so it is checked too.
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const variable of container.env ?? []) {
      const reference = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
      const kind = variable.valueFrom?.secretKeyRef ? "Secret" : "ConfigMap";
      const source = reference && objects.find((o) => o.kind === kind && o.metadata?.name === reference.name);
      if (source && !reference.optional && !(reference.key in { ...source.data, ...source.stringData })) {
        problems.push(`${where} container ${container.name}: ${kind} ${reference.name} has no key ${reference.key} (${variable.name})`);
      }
    }
  }
  if (pod.serviceAccountName && !has("ServiceAccount", pod.serviceAccountName)) {
    problems.push(`${where}: ServiceAccount ${pod.serviceAccountName} is not in the overlay`);
  }
  return problems;
}

const configOf = (workload, objects) => {
  const names = containersOf(workload).flatMap((c) => (c.envFrom ?? []).map((s) => s.configMapRef?.name)).filter(Boolean);
  return Object.assign({}, ...objects.filter((o) => o.kind === "ConfigMap" && names.includes(o.metadata?.name)).map((o) => o.data ?? {}));
};

/**
 * Orleans' Kubernetes hosting selects the silo pods by the labels orleans/clusterId and orleans/serviceId: they must
 * carry the ids the silos are configured with, and the container must declare the Orleans ports they listen on.
 */
function checkSiloMatchesConfig(objects) {
  const problems = [];
  const silos = objects.filter((o) => workloadKinds.has(o.kind) && o.spec?.template?.metadata?.labels?.["app.kubernetes.io/component"] === "silo");
  if (silos.length === 0) {
    problems.push("no silo workload (pod label app.kubernetes.io/component=silo)");
  }
  for (const workload of silos) {
    const config = configOf(workload, objects);
    if (config.Platform__Cluster__Kubernetes !== "true") {
      problems.push(`${describe(workload)}: Platform__Cluster__Kubernetes is not "true" in its ConfigMap`);
    }
    const labels = workload.spec?.template?.metadata?.labels ?? {};
    for (const [label, setting] of [["orleans/clusterId", "Platform__Cluster__ClusterId"], ["orleans/serviceId", "Platform__Cluster__ServiceId"]]) {
      if (labels[label] !== config[setting]) {
        problems.push(`${describe(workload)}: pod label ${label}=${labels[label]} differs from ${setting}=${config[setting]}`);
      }
    }
    const ports = containersOf(workload).flatMap((c) => c.ports ?? []).map((p) => String(p.containerPort));
    for (const setting of ["Platform__Cluster__SiloPort", "Platform__Cluster__GatewayPort"]) {
      if (!ports.includes(config[setting])) {
        problems.push(`${describe(workload)}: no container port for ${setting}=${config[setting]}`);
      }
    }
  }
  return problems;
}

/** "hh:mm:ss" (a .NET TimeSpan as configured) in seconds. */
const seconds = (timeSpan) => {
  const match = /^(\d+):(\d{2}):(\d{2})$/.exec(timeSpan ?? "");
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0;
};

/** What a frontend needs after its drain: closing streams and connections (ShutdownOptions.StopAfterDrain). */
const frontendStopAfterDrain = 15;

/**
 * A pod's stop must fit in its grace period, or the kubelet kills the process midway: a frontend's preStop, drain
 * delay, in-flight calls and the rest of its stop; a silo's leaving the cluster (Platform__Cluster__ShutdownTimeout).
 */
function checkGracePeriods(objects) {
  const problems = [];
  for (const workload of objects.filter((o) => workloadKinds.has(o.kind))) {
    const config = configOf(workload, objects);
    const pod = workload.spec?.template?.spec ?? {};
    const component = workload.spec?.template?.metadata?.labels?.["app.kubernetes.io/component"];
    const preStop = Math.max(0, ...containersOf(workload).map((c) => c.lifecycle?.preStop?.sleep?.seconds ?? 0));
    const needed = component === "frontend"
      ? preStop + seconds(config.Platform__Shutdown__DrainDelay) + seconds(config.Platform__Shutdown__InFlightTimeout) + frontendStopAfterDrain
      : component === "silo" ? preStop + seconds(config.Platform__Cluster__ShutdownTimeout) : 0;
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (needed >= grace) {
      problems.push(`${describe(workload)}: terminationGracePeriodSeconds ${grace} does not cover its stop (${needed} s)`);
    }
  }
  return problems;
}

/** Endpoints and the ingress learn of a stopping pod seconds late: a frontend must keep serving that long. */
const frontendLeastDrain = 3;

/**
 * A frontend told to stop must keep taking requests until the load balancers have taken it out, in a preStop sleep
 * or in its own drain delay (which also fails readiness and closes connections); with neither, requests that arrive
 * meanwhile are refused.
 */
function checkFrontendDrain(objects) {
  const problems = [];
  for (const workload of objects.filter((o) => workloadKinds.has(o.kind))) {
    if (workload.spec?.template?.metadata?.labels?.["app.kubernetes.io/component"] !== "frontend") {
      continue;
    }
    const preStop = Math.max(0, ...containersOf(workload).map((c) => c.lifecycle?.preStop?.sleep?.seconds ?? 0));
    const drain = preStop + seconds(configOf(workload, objects).Platform__Shutdown__DrainDelay);
    if (drain < frontendLeastDrain) {
      problems.push(`${describe(workload)}: keeps serving ${drain} s once told to stop; the load balancers need at least ${frontendLeastDrain} s (Platform__Shutdown__DrainDelay)`);
    }
  }
  return problems;
}

/** A Service must select some pods, and its named target ports must be ports of those pods. */
function checkServices(objects) {
  const problems = [];
  const workloads = objects.filter((o) => workloadKinds.has(o.kind));
  for (const service of objects.filter((o) => o.kind === "Service")) {
    const selected = workloads.filter((w) => matches(service.spec?.selector, w.spec?.template?.metadata?.labels));
    if (selected.length === 0) {
      problems.push(`${describe(service)}: selects no pods of the overlay`);
      continue;
    }
    const portNames = new Set(selected.flatMap((w) => containersOf(w).flatMap((c) => (c.ports ?? []).map((p) => p.name))));
    for (const port of service.spec?.ports ?? []) {
      if (typeof port.targetPort === "string" && !portNames.has(port.targetPort)) {
        problems.push(`${describe(service)}: targetPort ${port.targetPort} is not a named port of the pods it selects`);
      }
    }
  }
  return problems;
}

/** HPAs, PDBs and Ingresses must point at objects of the overlay. */
function checkTargets(objects) {
  const problems = [];
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  for (const hpa of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const target = hpa.spec?.scaleTargetRef;
    const workload = find(target?.kind, target?.name);
    if (!workload) {
      problems.push(`${describe(hpa)}: scales ${target?.kind}/${target?.name}, which is not in the overlay`);
    } else if (workload.spec?.replicas !== undefined) {
      problems.push(`${describe(hpa)}: ${describe(workload)} also sets replicas, which every apply would reset`);
    }
  }
  for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    const selector = pdb.spec?.selector?.matchLabels;
    if (!objects.some((o) => workloadKinds.has(o.kind) && matches(selector, o.spec?.template?.metadata?.labels))) {
      problems.push(`${describe(pdb)}: selects no pods of the overlay`);
    }
  }
  for (const ingress of objects.filter((o) => o.kind === "Ingress")) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const service = find("Service", backend?.name);
        if (!service) {
          problems.push(`${describe(ingress)}: backend Service ${backend?.name} is not in the overlay`);
        } else if (backend.port?.name && !(service.spec?.ports ?? []).some((p) => p.name === backend.port.name)) {
          problems.push(`${describe(ingress)}: Service ${backend.name} has no port named ${backend.port.name}`);
        }
      }
    }
  }
  return problems;
}
