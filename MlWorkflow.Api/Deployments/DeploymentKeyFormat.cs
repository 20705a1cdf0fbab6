using System.Security.Cryptography;
using System.Text;

namespace MlWorkflow.Api.Deployments;

/// <summary>Deployment keys: <c>mlw_</c> and 256 random bits in base64url; stored as their SHA-256.</summary>
public static class DeploymentKeyFormat
{
    public const string HeaderName = "X-Api-Key";
    private const string Scheme = "mlw_";
    private const int PrefixLength = 12;

    /// <summary>A new key, its display prefix and the hash to store.</summary>
    public static (string Key, string Prefix, string Hash) Create()
    {
        var key = Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, key[..PrefixLength], Hash(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>True when <paramref name="key"/> has the shape of a key (checked before hashing and looking it up).</summary>
    public static bool LooksLikeKey(string? key) => key is { Length: > PrefixLength and < 100 } && key.StartsWith(Scheme, StringComparison.Ordinal);
}
