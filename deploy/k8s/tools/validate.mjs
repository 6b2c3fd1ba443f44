#!/usr/bin/env node
// Validates rendered overlays: node validate.mjs [--external-secret NAME]... NAME=rendered.yaml...
// Every object against the Kubernetes schemas (unknown kinds and unknown fields fail too), then the platform's rules
// (lib/checks.mjs): probes on the health paths the apps serve, references, Orleans labels and ports, security.
// Exits 1 and lists every problem when something is wrong.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { validateObject } from "./lib/schema.mjs";
import { checkOverlay, describe } from "./lib/checks.mjs";

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The health endpoints' paths, as the apps declare them: the *Path constants of src/ServiceDefaults, which maps them. */
export function servedHealthPaths(source = serviceDefaultsSource()) {
  return new Set([...source.matchAll(/const\s+string\s+\w+Path\s*=\s*"(\/[^"]*)"/g)].map((m) => m[1]));
}

function serviceDefaultsSource() {
  const folder = join(repositoryRoot, "src", "ServiceDefaults");
  return readdirSync(folder, { recursive: true })
    .filter((file) => file.endsWith(".cs") && !/(^|\/)(bin|obj)\//.test(file))
    .map((file) => readFileSync(join(folder, file), "utf8"))
    .join("\n");
}

/** Parses a multi-document YAML text; YAML errors are problems too. */
export function parseObjects(text) {
  const problems = [];
  const objects = [];
  for (const document of parseAllDocuments(text)) {
    for (const error of document.errors) {
      problems.push(`YAML: ${error.message}`);
    }
    const object = document.toJS();
    if (object !== null && object !== undefined) {
      objects.push(object);
    }
  }
  return { objects, problems };
}

/** Every problem of one rendered overlay. */
export async function validateOverlay(text, options) {
  const { objects, problems } = parseObjects(text);
  if (objects.length === 0) {
    problems.push("the overlay rendered no objects");
  }
  for (const object of objects) {
    for (const problem of await validateObject(object)) {
      problems.push(`${describe(object)}: ${problem}`);
    }
  }
  problems.push(...checkOverlay(objects, options));
  return { objects, problems };
}

async function main(args) {
  const externalSecrets = new Set();
  const overlays = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--external-secret") {
      externalSecrets.add(args[++i]);
    } else if (args[i].includes("=")) {
      const [name, file] = args[i].split(/=(.*)/s);
      overlays.push({ name, file });
    } else {
      console.error(`usage: validate.mjs [--external-secret NAME]... OVERLAY=rendered.yaml...`);
      return 2;
    }
  }

  const healthPaths = servedHealthPaths();
  let failed = false;
  for (const { name, file } of overlays) {
    const { objects, problems } = await validateOverlay(readFileSync(file, "utf8"), { healthPaths, externalSecrets });
    if (problems.length > 0) {
      failed = true;
      console.error(`overlay ${name}: ${problems.length} problem(s)`);
      for (const problem of problems) {
        console.error(`  ${problem}`);
      }
    } else {
      const kinds = [...new Set(objects.map((o) => o.kind))].join(", ");
      console.log(`overlay ${name}: ${objects.length} objects valid (${kinds})`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
