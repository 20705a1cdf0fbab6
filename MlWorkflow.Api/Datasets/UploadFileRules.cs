using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using MlWorkflow.Api.Extensions;

namespace MlWorkflow.Api.Datasets;

/// <summary>What an uploaded file's name and content type must be, checked before any byte is stored.</summary>
public static class UploadFileRules
{
    public const int MaxFileNameLength = 255;

    // application/vnd.ms-excel is what browsers on Windows send for .csv files.
    public static readonly FrozenSet<string> ContentTypes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "text/csv", "text/tab-separated-values", "text/plain", "application/vnd.ms-excel", "application/octet-stream",
        "application/csv", "text/x-csv");

    public static readonly FrozenSet<string> Extensions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        ".csv", ".tsv", ".txt");

    private const string NameFix =
        "Send the file's own name without folders, e.g. Content-Disposition: form-data; name=\"file\"; filename=\"data.csv\".";

    /// <summary>Checks the client's file name and returns the name to keep (folders stripped), or a 400 problem.</summary>
    public static ProblemHttpResult? CheckFileName(string? raw, out string fileName)
    {
        fileName = "";
        if (string.IsNullOrWhiteSpace(raw))
        {
            return InvalidName("The file part has no file name.");
        }
        if (raw.Any(IsControlOrInvisible))
        {
            return InvalidName("The file name contains control or invisible formatting characters.");
        }
        var path = raw.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
        {
            return InvalidName($"The file name '{raw}' is an absolute path.");
        }
        var segments = path.Split('/');
        if (segments.Any(s => s.Trim() is "." or ".."))
        {
            return InvalidName($"The file name '{raw}' points at another folder ('.' or '..').");
        }
        var name = segments[^1].Trim();
        if (name.Length == 0 || name.All(c => c == '.'))
        {
            return InvalidName($"The file name '{raw}' has no name after its folders.");
        }
        if (name.Contains(':'))
        {
            return InvalidName($"The file name '{raw}' contains ':'.");
        }
        if (name.Length > MaxFileNameLength)
        {
            return InvalidName($"The file name is {name.Length} characters long; at most {MaxFileNameLength} are allowed.");
        }
        fileName = name;
        return null;
    }

    /// <summary>Checks extension and declared content type; 415 when either is not a delimited text file.</summary>
    public static ProblemHttpResult? CheckType(string fileName, string? contentType, out string mediaType)
    {
        mediaType = "application/octet-stream";
        var extension = Path.GetExtension(fileName);
        if (!Extensions.Contains(extension))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_file_type",
                $"Files named '*{extension}' are not accepted; this upload takes CSV and TSV files.",
                "Upload a comma- or tab-separated text file named *.csv, *.tsv or *.txt (export spreadsheets as CSV first).");
        }
        if (contentType is not null)
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !ContentTypes.Contains(parsed.MediaType.Value ?? ""))
            {
                return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    $"The file was sent as '{contentType}', which is not a delimited text type.",
                    "Send the file part as text/csv, text/tab-separated-values, text/plain or application/octet-stream.");
            }
            mediaType = parsed.MediaType.Value!.ToLowerInvariant();
        }
        return null;
    }

    private static bool IsControlOrInvisible(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static ProblemHttpResult InvalidName(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid_file_name", detail, NameFix);
}
