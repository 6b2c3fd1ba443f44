using System.Diagnostics.CodeAnalysis;
using Orleans;

namespace McpPlatform.Persistence.Tests;

/// <summary>Minimal <see cref="IGrainState{T}"/> holder, as Orleans' state bridge would pass to storage.</summary>
internal sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    private T _state = new();

    [AllowNull]
    public T State
    {
        get => _state;
        set => _state = value ?? new T();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

/// <summary>A plain grain state class with public settable properties, like the platform's.</summary>
public sealed class ProfileState
{
    public string? Name { get; set; }

    public int Writes { get; set; }

    public List<string> Tags { get; set; } = [];

    public DateTimeOffset? LastSeen { get; set; }
}
