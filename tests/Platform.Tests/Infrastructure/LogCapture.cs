using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>Keeps every log line of the in-process platform (message and exception) for tests to search.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int MaxLines = 200_000;

    /// <summary>Categories captured down to Trace: the platform's own code and everything on the upstream HTTP path.</summary>
    private static readonly string[] Verbose = ["McpPlatform", "System.Net.Http", "Microsoft.Extensions.Http", "Polly", "Microsoft.Extensions.Resilience"];

    private readonly ConcurrentQueue<string> lines = new();

    public IEnumerable<string> Lines => lines;

    public void AttachTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<LogCapture>(null, LogLevel.Information);
        foreach (var category in Verbose)
        {
            logging.AddFilter<LogCapture>(category, LogLevel.Trace);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lines.Enqueue(line);
        while (lines.Count > MaxLines && lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too, not only the rendered message: a sink might store either.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.Add($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
