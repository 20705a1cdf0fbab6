using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlWorkflow.Tests.Api;

/// <summary>Every way an upload can be wrong gets its 4xx problem+json, and leaves no row behind.</summary>
[Collection(nameof(ApiCollection))]
public sealed partial class UploadValidationTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly byte[] s_iris = File.ReadAllBytes(Uploads.Sample("iris.csv"));

    /// <summary>The corpus README's table: file, expected CsvErrorCode, expected line.</summary>
    public static TheoryData<string, string, long?> Corpus()
    {
        var data = new TheoryData<string, string, long?>();
        foreach (var line in File.ReadLines(Uploads.BadUpload("README.md")))
        {
            var match = CorpusRow().Match(line);
            if (match.Success)
            {
                long? expectedLine = match.Groups[3].Success ? long.Parse(match.Groups[3].Value) : null;
                data.Add(match.Groups[1].Value, JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups[2].Value), expectedLine);
            }
        }
        return data;
    }

    [Fact]
    public void CorpusHasEveryFileListed()
    {
        var listed = Corpus().Select(row => row.Data.Item1).Order();
        var files = Directory.GetFiles(Path.GetDirectoryName(Uploads.BadUpload("README.md"))!, "*.csv").Select(Path.GetFileName).Order();
        Assert.Equal(files, listed);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task BadCorpusFileReturnsProblemAndStoresNothing(string file, string code, long? line)
    {
        var bytes = await File.ReadAllBytesAsync(Uploads.BadUpload(file), Cancel);

        var problem = await UploadRejectedAsync(Uploads.Form(bytes, file), HttpStatusCode.BadRequest, code);

        if (line is not null)
        {
            Assert.Equal(line, problem.GetProperty("line").GetInt64());
        }
    }

    public static TheoryData<string, string, long> GeneratedBadFiles() => new()
    {
        { "a,b\n1," + new string('x', 1_048_577) + "\n", "field_too_large", 2 },
        { string.Join(',', Enumerable.Range(0, 2_001).Select(i => $"c{i}")) + "\n" + new string(',', 2_000) + "\n", "too_many_columns", 1 },
        { "id," + new string('n', 513) + "\n1,2\n", "field_too_large", 1 },
    };

    [Theory]
    [MemberData(nameof(GeneratedBadFiles))]
    public async Task OverLimitFileReturnsProblemAndStoresNothing(string csv, string code, long line)
    {
        var problem = await UploadRejectedAsync(Uploads.Form(Encoding.UTF8.GetBytes(csv), "big.csv"), HttpStatusCode.BadRequest, code);

        Assert.Equal(line, problem.GetProperty("line").GetInt64());
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/pdf")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("not a media type")]
    public async Task WrongContentTypeReturnsUnsupportedMediaType(string contentType)
    {
        await UploadRejectedAsync(Uploads.Form(s_iris, "iris.csv", contentType), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("iris.xlsx")]
    [InlineData("iris.png")]
    [InlineData("iris")]
    public async Task WrongExtensionReturnsUnsupportedMediaType(string fileName)
    {
        await UploadRejectedAsync(Uploads.Form(s_iris, fileName, "application/octet-stream"), HttpStatusCode.UnsupportedMediaType, "unsupported_file_type");
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("text/csv; charset=utf-8")]
    [InlineData("text/plain")]
    [InlineData("text/tab-separated-values")]
    [InlineData("application/vnd.ms-excel")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task AcceptedContentTypeIsStored(string? contentType)
    {
        var client = await factory.GetSharedUserClientAsync();
        using var form = Uploads.Form(s_iris, "iris.csv", contentType);

        var response = await client.PostAsync("/api/upload", form, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("../evil.csv")]
    [InlineData("..\\..\\evil.csv")]
    [InlineData("reports/../../evil.csv")]
    [InlineData("/etc/evil.csv")]
    [InlineData("C:\\Users\\me\\evil.csv")]
    [InlineData("\\\\server\\share\\evil.csv")]
    [InlineData("evil.csv:hidden")]
    [InlineData("evil\u202Evsc.csv")]
    [InlineData("reports/")]
    public async Task PathTrickFileNameReturnsBadRequest(string fileName)
    {
        await UploadRejectedAsync(Uploads.Form(s_iris, fileName), HttpStatusCode.BadRequest, "invalid_file_name");
    }

    [Theory]
    [InlineData("form-data; name=\"file\"; filename=\"\"")]
    [InlineData("form-data; name=\"file\"")]
    [InlineData("form-data; name=\"file\"; filename*=utf-8''bad%01name.csv")]
    [InlineData("form-data; name=\"file\"; filename*=utf-8''bad%0Aname.csv")]
    public async Task EmptyOrControlCharacterFileNameReturnsBadRequest(string disposition)
    {
        await UploadRejectedAsync(Uploads.FormWithRawDisposition(s_iris, disposition), HttpStatusCode.BadRequest, "invalid_file_name");
    }

    [Fact]
    public async Task FolderInFileNameIsStripped()
    {
        var client = await factory.GetSharedUserClientAsync();

        var dataset = await Uploads.UploadAsync(client, s_iris, "exports/2024/iris.csv");

        Assert.Equal("iris.csv", dataset.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task NonMultipartBodyReturnsUnsupportedMediaType()
    {
        var client = await factory.GetSharedUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/upload", new { file = "x,y\n1,2\n" }, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "not_multipart");
    }

    [Fact]
    public async Task FormWithoutFileReturnsBadRequest()
    {
        var form = new MultipartFormDataContent { { new StringContent("just a name"), "name" } };

        await UploadRejectedAsync(form, HttpStatusCode.BadRequest, "missing_file");
    }

    [Fact]
    public async Task TwoFilesReturnBadRequest()
    {
        var form = Uploads.Form(s_iris, "iris.csv");
        form.Add(new ByteArrayContent(s_iris), "file", "iris2.csv");

        await UploadRejectedAsync(form, HttpStatusCode.BadRequest, "several_files");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TooLongNameReturnsBadRequest(bool nameFirst)
    {
        var name = new string('n', 201);
        var form = nameFirst ? Uploads.Form(s_iris, "iris.csv", name: name) : Uploads.Form(s_iris, "iris.csv");
        if (!nameFirst)
        {
            form.Add(new StringContent(name), "name");
        }

        await UploadRejectedAsync(form, HttpStatusCode.BadRequest, "invalid_name");
    }

    [Fact]
    public async Task TruncatedMultipartBodyReturnsBadRequestAndStoresNothing()
    {
        // The client stopped mid-file: no closing boundary.
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(
            "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
            "a,b\n1,2\n3,4\n"));
        body.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=cut");

        await UploadRejectedAsync(body, HttpStatusCode.BadRequest, "malformed_multipart");
    }

    internal async Task<JsonElement> UploadRejectedAsync(HttpContent form, HttpStatusCode status, string code)
    {
        var client = await factory.GetSharedUserClientAsync();
        var before = await factory.CountStoredRowsAsync();
        using (form)
        {
            var response = await client.PostAsync("/api/upload", form, Cancel);
            var problem = await ProblemAssert.IsAsync(response, status, code);
            Assert.Equal(before, await factory.CountStoredRowsAsync());
            return problem;
        }
    }

    [GeneratedRegex(@"^\| `([^`]+)` \| `(\w+)` \| (\d+)? *\|")]
    private static partial Regex CorpusRow();
}
