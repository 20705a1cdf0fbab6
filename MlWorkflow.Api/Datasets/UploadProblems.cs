using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Api.Datasets;

public static class UploadProblems
{
    private const string FormFix =
        "Send multipart/form-data with one part named 'file' holding the CSV (and optionally a part named 'name'), " +
        "e.g. curl -F file=@data.csv -H 'Authorization: Bearer <token>' .../api/upload.";

    public static ProblemHttpResult NotMultipart() => Problems.Create(StatusCodes.Status415UnsupportedMediaType,
        "not_multipart", "The request body is not multipart/form-data with a boundary.", FormFix);

    public static ProblemHttpResult Malformed(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "malformed_multipart", detail, FormFix);

    public static ProblemHttpResult MissingFile() => Problems.Create(StatusCodes.Status400BadRequest,
        "missing_file", "The request has no part named 'file'.", FormFix);

    public static ProblemHttpResult SeveralFiles() => Problems.Create(StatusCodes.Status400BadRequest,
        "several_files", "The request has more than one part named 'file'.", "Upload one file per request.");

    public static ProblemHttpResult InvalidName(string detail) => Problems.Create(StatusCodes.Status400BadRequest,
        "invalid_name", detail, $"Send a 'name' of at most {UploadHandler.MaxNameLength} printable characters, or none to use the file name.");

    public static ProblemHttpResult TooLarge(long maxBytes) => Problems.Create(StatusCodes.Status413PayloadTooLarge,
        "file_too_large", $"The file is larger than the upload limit of {maxBytes:N0} bytes.",
        "Upload a smaller file (e.g. a sample of the rows), or ask the operator to raise Upload:MaxBytes.");

    public static ProblemHttpResult BadCsv(CsvFormatException e) => Problems.Create(StatusCodes.Status400BadRequest,
        JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Code.ToString()), e.Message, e.Fix, e.Line);
}
