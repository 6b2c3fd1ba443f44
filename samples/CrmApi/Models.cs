using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CrmApi;

[Description("A person at a customer company.")]
public sealed record Contact
{
    [Description("Server-assigned id, e.g. c-1.")]
    public required string Id { get; init; }

    [Description("Full name.")]
    public required string Name { get; init; }

    [Description("Email address.")]
    public required string Email { get; init; }

    [Description("Company name, if known.")]
    public string? Company { get; init; }
}

[Description("Input for creating a contact.")]
public sealed record CreateContactRequest
{
    [Description("Full name.")]
    public required string Name { get; init; }

    [Description("Email address, e.g. ada@example.com.")]
    public required string Email { get; init; }

    [Description("Company name (optional).")]
    public string? Company { get; init; }
}

[Description("Ticket priority.")]
[JsonConverter(typeof(JsonStringEnumConverter<TicketPriority>))]
public enum TicketPriority
{
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("high")] High,
}

[Description("A support ticket opened for a contact.")]
public sealed record Ticket
{
    [Description("Server-assigned id, e.g. t-1.")]
    public required string Id { get; init; }

    [Description("Id of the contact the ticket belongs to.")]
    public required string ContactId { get; init; }

    [Description("Short summary of the issue.")]
    public required string Subject { get; init; }

    [Description("Priority: low, normal or high.")]
    public required TicketPriority Priority { get; init; }

    [Description("When the ticket was created (UTC).")]
    public required DateTimeOffset CreatedAt { get; init; }
}

[Description("Input for creating a ticket.")]
public sealed record CreateTicketRequest
{
    [Description("Id of an existing contact, e.g. c-1.")]
    public required string ContactId { get; init; }

    [Description("Short summary of the issue.")]
    public required string Subject { get; init; }

    [Description("Priority: low, normal (default) or high.")]
    public TicketPriority Priority { get; init; } = TicketPriority.Normal;
}
