namespace MlWorkflow.Api.Auth;

/// <summary>
/// BCrypt (work factor 11) over a SHA-384 pre-hash, so passwords longer than BCrypt's 72 bytes still
/// count in full.
/// </summary>
public static class PasswordHasher
{
    private const int WorkFactor = 11;

    // Checked against when the email is unknown, so both failures take as long.
    private static readonly Lazy<string> s_unknownUserHash = new(() => Hash(Guid.NewGuid().ToString()));

    public static string Hash(string password) => BCrypt.Net.BCrypt.EnhancedHashPassword(password, WorkFactor);

    public static bool Verify(string password, string? hash)
    {
        var matches = BCrypt.Net.BCrypt.EnhancedVerify(password, hash ?? s_unknownUserHash.Value);
        return matches && hash is not null;
    }
}
