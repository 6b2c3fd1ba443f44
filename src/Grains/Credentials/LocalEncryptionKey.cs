using System.Security.Cryptography;
using McpPlatform.Persistence;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Credentials;

/// <summary>
/// The embedded quick start needs no setting: a key is generated on first start and kept in the data folder beside
/// the SQLite database (readable by its owner only). A key configured later takes over, and this one stays readable
/// as a previous key, so secrets sealed with it still open.
/// </summary>
public sealed class LocalEncryptionKey(IOptions<DatabaseOptions> database) : IPostConfigureOptions<SecretsOptions>
{
    public const string FileName = "secrets.key";

    public void PostConfigure(string? name, SecretsOptions options)
    {
        var path = Path.Combine(Path.GetFullPath(database.Value.DataDirectory), FileName);
        if (string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            options.EncryptionKey = ReadOrCreate(path);
            options.KeyId = SecretsOptions.LocalKeyId;
        }
        else if (options.KeyId != SecretsOptions.LocalKeyId && !options.PreviousKeys.ContainsKey(SecretsOptions.LocalKeyId) && File.Exists(path))
        {
            options.PreviousKeys[SecretsOptions.LocalKeyId] = File.ReadAllText(path).Trim();
        }
    }

    private static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretsOptionsValidator.KeyBytes));
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, file);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of the same data folder got there first: use its key.
            return File.ReadAllText(path).Trim();
        }
    }
}
