using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

var builder = WebApplication.CreateBuilder(args);

// Listen where --urls / ASPNETCORE_URLS (or the *_HTTP_PORTS settings) say; otherwise on the documented default.
if (string.IsNullOrWhiteSpace(builder.Configuration["urls"])
    && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"])
    && string.IsNullOrWhiteSpace(builder.Configuration["https_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.RespectNullableAnnotations = true;
    // Strict numbers: otherwise the generated schemas say "integer or numeric string" (type [integer, string] + pattern).
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
});
// Binding failures (malformed JSON, missing required members, non-numeric limit) throw so that the exception
// handler answers problem+json with a detail that says what was wrong, instead of a bare 400.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
{
    if (ctx.Exception is BadHttpRequestException bad)
    {
        ctx.ProblemDetails.Detail = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
    }
});
builder.Services.AddSingleton<CrmStore>();
builder.Services.AddOpenApi(options =>
{
    options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info.Title = "CRM API";
        document.Info.Version = "v1";
        document.Info.Description = "Sample CRM: contacts and support tickets (in-memory). Upstream sample for McpPlatform.";
        return Task.CompletedTask;
    });
    // String enums (TicketPriority) come out as a bare "enum"; state the type too, which tool-schema consumers expect.
    options.AddSchemaTransformer((schema, _, _) =>
    {
        if (schema.Type is null && schema.Enum is { Count: > 0 } values && values.All(v => v?.GetValueKind() == JsonValueKind.String))
            schema.Type = JsonSchemaType.String;
        return Task.CompletedTask;
    });
});

var app = builder.Build();

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // A client's bad request is not a server fault: don't log it as an unhandled exception.
    SuppressDiagnosticsCallback = ctx => ctx.Exception is BadHttpRequestException,
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();

app.MapOpenApi(); // GET /openapi/v1.json

var contacts = app.MapGroup("/contacts").WithTags("Contacts");

contacts.MapGet("/", Ok<IReadOnlyList<Contact>> (
        CrmStore store,
        [Description("Case-insensitive substring filter on name or email.")] string? q,
        [Description("Maximum number of contacts to return (1-1000).")] int? limit) =>
    TypedResults.Ok(store.ListContacts(q, limit is > 0 ? Math.Min(limit.Value, 1000) : null)))
    .WithName("listContacts")
    .WithSummary("List contacts")
    .WithDescription("Returns contacts ordered by id, optionally filtered by a substring of name or email and capped by limit.");

contacts.MapGet("/{id}", Results<Ok<Contact>, ProblemHttpResult> (
        CrmStore store,
        [Description("Contact id, e.g. c-1.")] string id) =>
    store.GetContact(id) is { } c
        ? TypedResults.Ok(c)
        : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Contact not found", detail: $"No contact with id '{id}'."))
    .WithName("getContact")
    .WithSummary("Get a contact")
    .WithDescription("Returns one contact by its id.")
    .ProducesProblem(StatusCodes.Status404NotFound);

contacts.MapPost("/", Results<Created<Contact>, ValidationProblem> (CrmStore store, CreateContactRequest body) =>
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name)) errors["name"] = ["Name is required."];
        if (string.IsNullOrWhiteSpace(body.Email)) errors["email"] = ["Email is required."];
        else if (!IsPlausibleEmail(body.Email)) errors["email"] = ["Email must look like user@example.com."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var contact = store.AddContact(body.Name.Trim(), body.Email.Trim(), string.IsNullOrWhiteSpace(body.Company) ? null : body.Company.Trim());
        return TypedResults.Created($"/contacts/{contact.Id}", contact);
    })
    .WithName("createContact")
    .WithSummary("Create a contact")
    .WithDescription("Creates a contact; the server assigns its id (e.g. c-3) and answers 201 with a Location header.");

var tickets = app.MapGroup("/tickets").WithTags("Tickets");

tickets.MapGet("/", Ok<IReadOnlyList<Ticket>> (
        CrmStore store,
        [Description("Only tickets of this contact id.")] string? contactId) =>
    TypedResults.Ok(store.ListTickets(contactId)))
    .WithName("listTickets")
    .WithSummary("List tickets")
    .WithDescription("Returns tickets ordered by id, optionally only those of one contact.");

tickets.MapGet("/{id}", Results<Ok<Ticket>, ProblemHttpResult> (
        CrmStore store,
        [Description("Ticket id, e.g. t-1.")] string id) =>
    store.GetTicket(id) is { } t
        ? TypedResults.Ok(t)
        : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Ticket not found", detail: $"No ticket with id '{id}'."))
    .WithName("getTicket")
    .WithSummary("Get a ticket")
    .WithDescription("Returns one ticket by its id.")
    .ProducesProblem(StatusCodes.Status404NotFound);

tickets.MapPost("/", Results<Created<Ticket>, ValidationProblem, ProblemHttpResult> (
        HttpContext http,
        CrmStore store,
        CreateTicketRequest body,
        [FromHeader(Name = "Idempotency-Key")]
        [Description("Optional client-chosen key. Repeating a request with the same key and the same body returns the original ticket instead of creating another; the same key with a different body is answered 409.")]
        string? idempotencyKey) =>
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.ContactId)) errors["contactId"] = ["ContactId is required."];
        if (string.IsNullOrWhiteSpace(body.Subject)) errors["subject"] = ["Subject is required."];
        if (idempotencyKey is { Length: > 255 }) errors["Idempotency-Key"] = ["Idempotency-Key must be at most 255 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var outcome = store.CreateTicket(body.ContactId.Trim(), body.Subject.Trim(), body.Priority, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey);
        switch (outcome.Kind)
        {
            case CreateTicketOutcomeKind.UnknownContact:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["contactId"] = [$"No contact with id '{body.ContactId}'."] });
            case CreateTicketOutcomeKind.KeyConflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was already used with a different request body.");
            case CreateTicketOutcomeKind.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Created($"/tickets/{outcome.Ticket!.Id}", outcome.Ticket);
            default:
                return TypedResults.Created($"/tickets/{outcome.Ticket!.Id}", outcome.Ticket);
        }
    })
    .WithName("createTicket")
    .WithSummary("Create a ticket")
    .WithDescription("Opens a support ticket for an existing contact. Honours the optional Idempotency-Key header: a repeat with the same key and body returns the original ticket (201, header Idempotent-Replayed: true); the same key with a different body answers 409.")
    .ProducesProblem(StatusCodes.Status409Conflict);

app.Run();

static bool IsPlausibleEmail(string email)
{
    var at = email.IndexOf('@');
    return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);
}
