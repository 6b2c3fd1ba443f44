using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The pod endpoints of a Kubernetes API server, as far as Orleans' Kubernetes hosting uses them: read and label a pod,
/// list pods by label, and watch them. Kubernetes cannot run here; this stands in for its API as the test upstreams
/// stand in for tenants' APIs. Deleting a pod tells every open watch, as the real server does.
/// </summary>
public sealed class KubernetesApiDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> pods = new();
    private readonly ConcurrentDictionary<Channel<string>, bool> watches = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly TestHttpListener server;

    public KubernetesApiDouble(string @namespace)
    {
        Namespace = @namespace;
        server = new TestHttpListener(HandleAsync);
    }

    public string BaseUrl => server.BaseUrl;

    public string Namespace { get; }

    /// <summary>Requests seen, as "METHOD path?query", for the failure message.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int OpenWatches => watches.Count;

    public void AddPod(string name, IReadOnlyDictionary<string, string> labels)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        pods[name] = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Namespace,
                ["uid"] = Guid.NewGuid().ToString(),
                ["resourceVersion"] = "1",
                ["labels"] = labelObject,
            },
            ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "127.0.0.1" },
        };
    }

    /// <summary>The pod is gone: lists no longer show it and every watch gets a DELETED event.</summary>
    public void DeletePod(string name)
    {
        if (pods.TryRemove(name, out var pod))
        {
            var change = new JsonObject { ["type"] = "DELETED", ["object"] = pod.DeepClone() }.ToJsonString();
            foreach (var watch in watches.Keys)
            {
                watch.Writer.TryWrite(change);
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue($"{request.HttpMethod} {request.Url.PathAndQuery}");
        var podsPath = $"/api/v1/namespaces/{Namespace}/pods";
        if (path == podsPath && request.QueryString["watch"] == "true")
        {
            await WatchAsync(context.Response);
        }
        else if (path == podsPath)
        {
            var selected = pods.Values.Where(pod => Selects(request.QueryString["labelSelector"], pod)).Select(pod => pod.DeepClone()).ToArray();
            await WriteAsync(context.Response, HttpStatusCode.OK, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PodList",
                ["metadata"] = new JsonObject { ["resourceVersion"] = "1" },
                ["items"] = new JsonArray(selected),
            });
        }
        else if (path.StartsWith(podsPath + "/", StringComparison.Ordinal) && pods.TryGetValue(path[(podsPath.Length + 1)..], out var pod))
        {
            if (request.HttpMethod == "PATCH")
            {
                await MergeLabelsAsync(request, pod);
            }

            await WriteAsync(context.Response, HttpStatusCode.OK, pod);
        }
        else
        {
            await WriteAsync(context.Response, HttpStatusCode.NotFound, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Status",
                ["status"] = "Failure",
                ["reason"] = "NotFound",
                ["code"] = 404,
            });
        }
    }

    /// <summary>One JSON object a line, each written as it happens, until the client or the double goes away.</summary>
    private async Task WatchAsync(HttpListenerResponse response)
    {
        var changes = Channel.CreateUnbounded<string>();
        watches[changes] = true;
        try
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.SendChunked = true;
            await response.OutputStream.FlushAsync(stopping.Token);
            await foreach (var change in changes.Reader.ReadAllAsync(stopping.Token))
            {
                await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(change + "\n"), stopping.Token);
                await response.OutputStream.FlushAsync(stopping.Token);
            }
        }
        finally
        {
            watches.TryRemove(changes, out _);
            response.Abort();
        }
    }

    private static async Task MergeLabelsAsync(HttpListenerRequest request, JsonObject pod)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var patch = JsonNode.Parse(await reader.ReadToEndAsync());
        if (patch?["metadata"]?["labels"] is JsonObject labels)
        {
            var podLabels = (JsonObject)pod["metadata"]!["labels"]!;
            foreach (var (key, value) in labels)
            {
                podLabels[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>Equality selectors only ("a=b,c=d"), which is what the hosting sends.</summary>
    private static bool Selects(string? selector, JsonObject pod) =>
        string.IsNullOrEmpty(selector) || selector.Split(',').All(term =>
        {
            var parts = term.Split('=', 2);
            return parts.Length == 2 && pod["metadata"]?["labels"]?[parts[0]]?.GetValue<string>() == parts[1];
        });

    private static Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, JsonNode body) =>
        TestHttpListener.WriteJsonAsync(response, body.ToJsonString(), status);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await server.DisposeAsync();
        stopping.Dispose();
    }
}
