using Microsoft.Extensions.Options;
using Npgsql;

namespace McpPlatform.Persistence.Configuration;

/// <summary>Fails start-up early with a message that says which setting to fix and how.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => ValidateSqlite(options),
            DatabaseProvider.Postgres => ValidatePostgres(options),
            _ => ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)} '{options.Provider}' is not supported; " +
                $"use '{DatabaseProvider.Sqlite}' or '{DatabaseProvider.Postgres}'."),
        };
    }

    private static ValidateOptionsResult ValidateSqlite(DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataDirectory)} is empty; set it to a writable folder " +
                $"(default '{DatabaseOptions.DefaultDataDirectory}') where '{DatabaseOptions.SqliteFileName}' is kept.");
        }

        try
        {
            Directory.CreateDirectory(Path.GetFullPath(options.DataDirectory));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataDirectory)} '{options.DataDirectory}' cannot be created " +
                $"({ex.Message}); point it at a writable folder.");
        }

        return ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult ValidatePostgres(DatabaseOptions options)
    {
        var hint = $"Set ConnectionStrings:{DatabaseOptions.PostgresConnectionStringName} " +
                   $"(environment variable ConnectionStrings__{DatabaseOptions.PostgresConnectionStringName}), " +
                   "e.g. 'Host=db;Port=5432;Database=mcp;Username=mcp;Password=...'";
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)} is '{DatabaseProvider.Postgres}' but no connection string is configured. {hint}.");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return ValidateOptionsResult.Fail(
                    $"ConnectionStrings:{DatabaseOptions.PostgresConnectionStringName} has no Host. {hint}.");
            }
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(
                $"ConnectionStrings:{DatabaseOptions.PostgresConnectionStringName} is not a valid PostgreSQL connection string ({ex.Message}). {hint}.");
        }

        return ValidateOptionsResult.Success;
    }
}
