extern alias api;

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ApiProgram = api::Program;

namespace MlWorkflow.Tests.Api;

/// <summary>A second Api host on the same database with Upload:MaxBytes = 4096, and a user of it.</summary>
public sealed class SizeLimitedApi(MlWorkflowApiFactory factory) : IAsyncLifetime
{
    public const int MaxBytes = 4096;

    public WebApplicationFactory<ApiProgram> Host { get; } =
        factory.WithWebHostBuilder(b => b.UseSetting("Upload:MaxBytes", MaxBytes.ToString()));

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await MlWorkflowApiFactory.WaitUntilHealthyAsync(Host);
        Client = await MlWorkflowApiFactory.CreateUserClientAsync(Host);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>With Upload:MaxBytes = 4096, bigger files get 413 whether or not the client announced the length.</summary>
[Collection(nameof(ApiCollection))]
public sealed class UploadSizeLimitTests(MlWorkflowApiFactory factory, SizeLimitedApi limited) : IClassFixture<SizeLimitedApi>
{
    private const int MaxBytes = SizeLimitedApi.MaxBytes;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MaxBytes + 1, true)]
    [InlineData(MaxBytes + 1, false)]
    [InlineData(3 << 20, true)]
    [InlineData(3 << 20, false)]
    public async Task FileOverLimitReturnsPayloadTooLargeAndStoresNothing(int size, bool announceLength)
    {
        var client = limited.Client;
        var before = await factory.CountStoredRowsAsync();
        HttpContent file = announceLength ? new ByteArrayContent(Csv(size)) : new StreamContent(new UnknownLengthStream(Csv(size)));
        using var form = Uploads.Form(file, "big.csv");

        var response = await client.PostAsync("/api/upload", form, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        Assert.Equal(before, await factory.CountStoredRowsAsync());
    }

    [Fact]
    public async Task FileAtLimitIsAccepted()
    {
        var dataset = await Uploads.UploadAsync(limited.Client, Csv(MaxBytes), "exact.csv");

        Assert.Equal(MaxBytes, dataset.GetProperty("sizeBytes").GetInt64());
    }

    /// <summary>A valid CSV of exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Csv(int size)
    {
        var bytes = new byte[size];
        "value\n"u8.CopyTo(bytes);
        for (var i = 6; i < size; i += 2)
        {
            bytes[i] = (byte)'7';
            if (i + 1 < size)
            {
                bytes[i + 1] = (byte)'\n';
            }
        }
        return bytes;
    }

    /// <summary>Hides the length so HttpClient sends the body chunked, as a streaming client would.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
