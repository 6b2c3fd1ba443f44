using McpPlatform.Frontend.Streams;
namespace McpPlatform.Frontend.LegacySse;

/// <summary>
/// An SSE response body shared by the MCP transport (which writes each event in one write) and keep-alive comments:
/// one write at a time, so a comment only ever falls between two events.
/// </summary>
public sealed class SseOutputStream(Stream response) : Stream
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>A comment line, which SSE clients ignore; it keeps proxies from closing an idle stream.</summary>
    public async Task WriteKeepAliveAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await response.WriteAsync(SseResponse.KeepAliveComment, cancellationToken);
            await response.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await response.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await response.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Response bodies are written asynchronously only (Kestrel refuses synchronous I/O by default).
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
