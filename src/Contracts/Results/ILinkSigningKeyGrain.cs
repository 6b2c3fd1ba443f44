namespace McpPlatform.Contracts.Results;

/// <summary>
/// The key every frontend signs and checks download links with, made once and kept in the system of record, so a
/// link made by one frontend opens on any other and survives restarts. Key: <see cref="SingletonKey"/>.
/// </summary>
public interface ILinkSigningKeyGrain : IGrainWithStringKey
{
    const string SingletonKey = "links";

    Task<byte[]> GetKeyAsync();
}
