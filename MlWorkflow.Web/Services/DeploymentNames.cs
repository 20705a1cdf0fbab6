namespace MlWorkflow.Web.Services;

/// <summary>The Api's rule for deployment names, checked as the user types (the Api still has the last word).</summary>
public static class DeploymentNames
{
    public const int MaxLength = 100;

    /// <summary>A valid name made from <paramref name="modelName"/>: other characters become '-', and it starts with a letter or digit.</summary>
    public static string Suggest(string modelName)
    {
        var name = new string([.. modelName.Trim().Select(c => IsAllowed(c) ? c : '-')]).TrimStart('-', '_', '.');
        name = name.Length > MaxLength ? name[..MaxLength] : name;
        return name.Length == 0 ? "model" : name;
    }

    /// <summary>What is wrong with <paramref name="name"/>, or null when it is a good name.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Name the deployment, e.g. credit-risk.";
        }
        if (name.Length > MaxLength)
        {
            return $"At most {MaxLength} characters ({name.Length} now).";
        }
        return char.IsAsciiLetterOrDigit(name[0]) && name.All(IsAllowed)
            ? null
            : "Use letters, digits, '-', '_' and '.', starting with a letter or digit.";
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
