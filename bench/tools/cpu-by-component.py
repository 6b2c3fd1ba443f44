#!/usr/bin/env python3
"""Where a process's CPU goes, by component, from `perf script` output of a `perf record -g` of a .NET process
started with DOTNET_PerfMapEnabled=1 (so JIT-compiled frames have names). Each sample is charged to the component of
its leaf frame: exclusive time, so the rows add up to 100%.

usage: perf script -i perf.data | bench/tools/cpu-by-component.py [µs-per-call]
"""
import collections
import sys

# First match wins; patterns are looked for in the leaf frame's symbol and module.
COMPONENTS = [
    ("kernel (scheduler, TCP, syscalls)", ["[kernel.kallsyms]", "[k] "]),
    ("JIT compiler", ["libclrjit"]),
    ("JSON (System.Text.Json)", ["[System.Text.Json]", "System.Text.Encodings.Web"]),
    ("JSON Schema validation", ["[JsonSchema.Net]", "Json.Schema", "Json.Pointer", "Json.More"]),
    ("Orleans (messaging, scheduler, serializer)", ["[Orleans", "OrleansCodeGen"]),
    ("MCP SDK", ["[ModelContextProtocol"]),
    ("ASP.NET Core and Kestrel", ["[Microsoft.AspNetCore", "[Microsoft.Extensions.Primitives"]),
    ("HttpClient, sockets", ["[System.Net.Http]", "[System.Net.Sockets]", "[System.Net.Primitives]", "[System.Net.Security]", "libSystem.Native"]),
    ("resilience (Polly, Http.Resilience)", ["[Polly", "[Microsoft.Extensions.Http.Resilience", "[Microsoft.Extensions.Resilience"]),
    ("database (EF Core, SQLite, Npgsql)", ["EntityFrameworkCore", "Sqlite", "sqlite3", "[Npgsql"]),
    ("telemetry (Activity, metrics, OpenTelemetry)", ["[OpenTelemetry", "[System.Diagnostics.DiagnosticSource]", "System.Diagnostics.Metrics"]),
    ("dependency injection, options, logging", ["[Microsoft.Extensions.DependencyInjection", "[Microsoft.Extensions.Options", "[Microsoft.Extensions.Logging"]),
    ("platform code (McpPlatform.*)", ["[McpPlatform"]),
    ("async and thread pool (System.Threading)", ["System.Threading", "System.Runtime.CompilerServices.Async", "ExecutionContext"]),
    ("runtime: GC, allocation, casts, stubs", ["libcoreclr", "libc.so", "ld-linux", "stub ", "CastHelpers", "[vdso]", "memset", "memmove", "__tls"]),
    ("crypto", ["libcrypto", "libssl", "System.Security.Cryptography"]),
    ("other .NET libraries", ["[System.", "[Microsoft."]),
]

def component(frame):
    for name, patterns in COMPONENTS:
        if any(p in frame for p in patterns):
            return name
    return "unresolved"

def samples(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line[0] in " \t":
            stack.append(line.strip())
        else:
            stack = []
    if stack:
        yield stack

counts = collections.Counter(component(s[0]) for s in samples(sys.stdin))
total = sum(counts.values())
per_call = float(sys.argv[1]) if len(sys.argv) > 1 else None
print(f"| Component | Share of CPU |{' µs per call |' if per_call else ''}")
print(f"| --- | ---: |{' ---: |' if per_call else ''}")
for name, n in counts.most_common():
    share = n / total
    print(f"| {name} | {100 * share:.1f}% |{f' {share * per_call:.0f} |' if per_call else ''}")
print(f"\n{total} samples")
