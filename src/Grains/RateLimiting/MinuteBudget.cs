using System.Diagnostics;
using System.Threading.RateLimiting;

namespace McpPlatform.Grains.RateLimiting;

/// <summary>
/// "At most N per minute" as a token bucket of N tokens that the owning grain refills to full once a minute
/// (<see cref="TokenBucketRateLimiter"/> with automatic replenishment off). Refilling whole minutes rather than a
/// trickle keeps the count exact — N calls in a minute, not N plus what trickled in meanwhile — and gives agents a
/// plain "retry after 12 s". The price: a burst of up to 2N across a minute's boundary. Not thread-safe on its own:
/// a grain's single thread owns it.
/// </summary>
public sealed class MinuteBudget : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly TokenBucketRateLimiter bucket;
    private long refilledAt;

    public MinuteBudget(int perMinute)
    {
        Limit = perMinute;
        bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = Period,
            AutoReplenishment = false,
            QueueLimit = 0,
        });

        // Taken after the bucket's own timestamp (both are Stopwatch ticks), so when our minute is over, so is its,
        // and a refill adds a full bucket.
        refilledAt = Stopwatch.GetTimestamp();
    }

    public int Limit { get; }

    /// <summary>True when a minute has passed since the last refill: this budget is then as good as a new one.</summary>
    public bool IsFresh => Stopwatch.GetElapsedTime(refilledAt) >= Period;

    /// <summary>Refills the bucket when its minute is over; then tells whether a token is left.</summary>
    public bool HasToken()
    {
        if (IsFresh)
        {
            // The limiter adds tokens for the time since its last refill — at least a minute, so a full bucket (capped).
            bucket.TryReplenish();
            refilledAt = Stopwatch.GetTimestamp();
        }

        return bucket.GetStatistics()!.CurrentAvailablePermits >= 1;
    }

    /// <summary>Takes a token; only after <see cref="HasToken"/> said yes, in the same grain turn.</summary>
    public void Take()
    {
        using var lease = bucket.AttemptAcquire(1);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("Take() without a token: check HasToken() first.");
        }
    }

    /// <summary>How long until the next refill.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            var left = Period - Stopwatch.GetElapsedTime(refilledAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public void Dispose() => bucket.Dispose();
}
