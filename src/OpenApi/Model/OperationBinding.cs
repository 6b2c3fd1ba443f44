namespace McpPlatform.OpenApi.Model;

/// <summary>Where each tool argument goes in the HTTP request of one operation.</summary>
public sealed record OperationBinding
{
    /// <summary>Upper-case HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Path template relative to the API base URL, e.g. <c>/contacts/{id}</c>.</summary>
    public required string PathTemplate { get; init; }

    public IReadOnlyList<ParameterBinding> Parameters { get; init; } = [];

    public BodyBinding? Body { get; init; }

    /// <summary>
    /// When the 2xx JSON response is not an object, the output schema wraps it in an object under this
    /// property name and the dispatcher must wrap the response the same way. Null when not wrapped.
    /// </summary>
    public string? ResponseWrapProperty { get; init; }

    /// <summary>Accept header to send (the JSON media type of the 2xx response); null when the operation returns no JSON.</summary>
    public string? Accept { get; init; }
}

public enum ParameterLocation { Path, Query, Header, Cookie }

/// <summary>One OpenAPI parameter bound to one tool argument.</summary>
public sealed record ParameterBinding
{
    /// <summary>Argument name in the tool's input schema (may differ from <see cref="Name"/> after clash resolution).</summary>
    public required string Argument { get; init; }

    /// <summary>Parameter name on the wire.</summary>
    public required string Name { get; init; }

    public required ParameterLocation In { get; init; }

    /// <summary>OpenAPI style: form, spaceDelimited, pipeDelimited, deepObject, simple, label, matrix.</summary>
    public required string Style { get; init; }

    public required bool Explode { get; init; }

    public bool Required { get; init; }

    public bool AllowReserved { get; init; }

    /// <summary>Set when the parameter is described by <c>content</c> instead of <c>schema</c>: the value is sent as one JSON text.</summary>
    public string? ContentType { get; init; }
}

public enum BodyEncoding { Json, FormUrlEncoded, Multipart, Text, Binary }

/// <summary>How the request body is built from arguments.</summary>
public sealed record BodyBinding
{
    /// <summary>Media type sent as Content-Type.</summary>
    public required string MediaType { get; init; }

    public required BodyEncoding Encoding { get; init; }

    public bool Required { get; init; }

    /// <summary>When set, the whole body is this one argument.</summary>
    public string? Argument { get; init; }

    /// <summary>When the body's object properties were flattened into arguments: argument name → body property name.</summary>
    public IReadOnlyList<BodyPropertyBinding> Properties { get; init; } = [];
}

public sealed record BodyPropertyBinding(string Argument, string Property, bool IsFile = false)
{
    /// <summary>Multipart part Content-Type from the document's <c>encoding</c> map, if it names one.</summary>
    public string? ContentType { get; init; }
}
