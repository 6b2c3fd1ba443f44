namespace CrmApi;

public enum CreateTicketOutcomeKind { Created, Replayed, KeyConflict, UnknownContact }

public sealed record CreateTicketOutcome(CreateTicketOutcomeKind Kind, Ticket? Ticket);

/// <summary>In-memory, thread-safe store. One lock keeps id assignment and idempotency checks atomic.</summary>
public sealed class CrmStore
{
    private readonly Lock _gate = new();
    private readonly List<Contact> _contacts = [];
    private readonly List<Ticket> _tickets = [];
    private readonly Dictionary<string, (string Fingerprint, Ticket Ticket)> _idempotency = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private int _nextContact = 1;
    private int _nextTicket = 1;

    public CrmStore(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        AddContact("Ada Lovelace", "ada@example.com", "Analytical Engines Ltd");
        AddContact("Grace Hopper", "grace@example.com", "COBOL Corp");
    }

    public IReadOnlyList<Contact> ListContacts(string? q, int? limit)
    {
        lock (_gate)
        {
            IEnumerable<Contact> result = _contacts;
            if (!string.IsNullOrWhiteSpace(q))
            {
                var term = q.Trim();
                result = result.Where(c => c.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                                           || c.Email.Contains(term, StringComparison.OrdinalIgnoreCase));
            }
            if (limit is { } n) result = result.Take(n);
            return result.ToList();
        }
    }

    public Contact? GetContact(string id)
    {
        lock (_gate) return _contacts.Find(c => c.Id == id);
    }

    public Contact AddContact(string name, string email, string? company)
    {
        lock (_gate)
        {
            var contact = new Contact { Id = $"c-{_nextContact++}", Name = name, Email = email, Company = company };
            _contacts.Add(contact);
            return contact;
        }
    }

    public IReadOnlyList<Ticket> ListTickets(string? contactId)
    {
        lock (_gate)
        {
            return string.IsNullOrWhiteSpace(contactId)
                ? _tickets.ToList()
                : _tickets.Where(t => t.ContactId == contactId.Trim()).ToList();
        }
    }

    public Ticket? GetTicket(string id)
    {
        lock (_gate) return _tickets.Find(t => t.Id == id);
    }

    public CreateTicketOutcome CreateTicket(string contactId, string subject, TicketPriority priority, string? idempotencyKey)
    {
        // The fingerprint is over the effective request (an omitted priority equals "normal").
        var fingerprint = string.Join('\u001f', contactId, subject, priority.ToString());
        lock (_gate)
        {
            if (idempotencyKey is not null && _idempotency.TryGetValue(idempotencyKey, out var seen))
            {
                return seen.Fingerprint == fingerprint
                    ? new CreateTicketOutcome(CreateTicketOutcomeKind.Replayed, seen.Ticket)
                    : new CreateTicketOutcome(CreateTicketOutcomeKind.KeyConflict, null);
            }

            if (!_contacts.Exists(c => c.Id == contactId))
                return new CreateTicketOutcome(CreateTicketOutcomeKind.UnknownContact, null);

            var ticket = new Ticket
            {
                Id = $"t-{_nextTicket++}",
                ContactId = contactId,
                Subject = subject,
                Priority = priority,
                CreatedAt = _clock.GetUtcNow(),
            };
            _tickets.Add(ticket);
            if (idempotencyKey is not null) _idempotency[idempotencyKey] = (fingerprint, ticket);
            return new CreateTicketOutcome(CreateTicketOutcomeKind.Created, ticket);
        }
    }
}
