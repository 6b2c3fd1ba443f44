using System.Security.Claims;

namespace McpPlatform.Frontend.Auth;

public enum TokenCheckOutcome
{
    Valid,
    /// <summary>Unsigned by the tenant's provider, expired, for another resource or issuer: 401 <c>invalid_token</c>.</summary>
    Invalid,
    /// <summary>Valid, but without a scope the tenant requires: 403 <c>insufficient_scope</c>.</summary>
    InsufficientScope,
    /// <summary>The provider's keys could not be had, so nothing can be checked: 503, try again.</summary>
    KeysUnavailable,
}

/// <summary>The verdict on one presented access token; a valid one says when the token expires.</summary>
public sealed record TokenCheck(TokenCheckOutcome Outcome, ClaimsPrincipal? Principal = null, string? Reason = null, DateTimeOffset? Expires = null)
{
    public static TokenCheck Invalid(string reason) => new(TokenCheckOutcome.Invalid, Reason: reason);
}
