using System.Collections.Concurrent;
using System.Diagnostics;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>Records every activity (span) of this process while alive: names, tags, events and baggage, for "never in traces" checks.</summary>
public sealed class ActivityCapture : IDisposable
{
    private readonly ConcurrentQueue<string> spans = new();
    private readonly ActivityListener listener;

    public ActivityCapture()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue(Describe(activity)),
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyCollection<string> Spans => spans.ToArray();

    public void Dispose() => listener.Dispose();

    private static string Describe(Activity activity) =>
        $"{activity.Source.Name} {activity.DisplayName} {activity.OperationName} {activity.StatusDescription} " +
        string.Join(" ", activity.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
        string.Join(" ", activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}"))) + " " +
        string.Join(" ", activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
}
