using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Api;

/// <summary>Runs alone (no parallel tests), because it measures the memory of the whole test process.</summary>
[CollectionDefinition(nameof(LargeUploadCollection), DisableParallelization = true)]
public sealed class LargeUploadCollection : ICollectionFixture<MlWorkflowApiFactory>;

[Collection(nameof(LargeUploadCollection))]
public sealed class LargeUploadTests(MlWorkflowApiFactory factory)
{
    private const long UploadBytes = 300L * 1000 * 1000;
    private const long MaxGrowthBytes = 100L * 1024 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// What "memory growth" means here: the Api runs in this process (TestServer), so we sample the
    /// whole process while a 300 MB CSV streams through it: the managed heap including garbage not yet
    /// collected (GC.GetTotalMemory(false)) and the resident set (Environment.WorkingSet, which also
    /// covers native buffers and the GC's reserved-but-touched pages). Growth is each peak minus its
    /// value after a warm-up upload and a full GC. The client side of this process (the generator and
    /// TestServer's request pipe) is included, so the figure is an upper bound for the Api alone.
    /// Buffering the file anywhere (IFormFile, a MemoryStream, a byte[] per file) would add ≥ 300 MB.
    /// </summary>
    [Fact]
    [Slow]
    public async Task LargeUploadAndDownloadStreamWithBoundedMemory()
    {
        var user = await factory.GetSharedUserClientAsync();
        // No redirect handler: Mvc.Testing's copies request bodies into memory so it could resend them.
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.Timeout = TimeSpan.FromMinutes(10);
        client.DefaultRequestHeaders.Authorization = user.DefaultRequestHeaders.Authorization;
        await UploadAsync(client, new GeneratedCsvStream(3_000_000));
        var (managedBefore, workingSetBefore) = Settle();

        var content = new GeneratedCsvStream(UploadBytes);
        using var sampler = new MemorySampler();
        var started = Stopwatch.GetTimestamp();
        var dataset = await UploadAsync(client, content);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var (managedPeak, workingSetPeak) = sampler.Stop();

        var managedGrowth = managedPeak - managedBefore;
        var workingSetGrowth = workingSetPeak - workingSetBefore;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Uploaded {content.TotalLength / 1e6:F0} MB ({content.Rows:N0} rows) in {elapsed.TotalSeconds:F1} s = " +
            $"{content.TotalLength / 1e6 / elapsed.TotalSeconds:F0} MB/s; managed heap growth {managedGrowth / 1048576.0:F1} MiB, " +
            $"working set growth {workingSetGrowth / 1048576.0:F1} MiB ({sampler.Samples} samples)");
        Assert.Equal(content.TotalLength, dataset.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(content.Sha256, dataset.GetProperty("sha256").GetString());
        Assert.Equal(content.Rows, dataset.GetProperty("rowCount").GetInt64());
        Assert.True(sampler.Samples > 10, $"only {sampler.Samples} memory samples");
        Assert.True(managedGrowth < MaxGrowthBytes, $"managed heap grew by {managedGrowth:N0} bytes");
        Assert.True(workingSetGrowth < MaxGrowthBytes, $"working set grew by {workingSetGrowth:N0} bytes");

        var id = dataset.GetProperty("id").GetString();
        (managedBefore, workingSetBefore) = Settle();
        using (var downloadSampler = new MemorySampler())
        {
            await using var download = await client.GetStreamAsync($"/api/datasets/{id}/download", Cancel);
            Assert.Equal(content.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(download, Cancel)));
            (managedPeak, workingSetPeak) = downloadSampler.Stop();
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Download: managed heap growth {(managedPeak - managedBefore) / 1048576.0:F1} MiB, " +
            $"working set growth {(workingSetPeak - workingSetBefore) / 1048576.0:F1} MiB");
        Assert.True(managedPeak - managedBefore < MaxGrowthBytes, $"download: managed heap grew by {managedPeak - managedBefore:N0} bytes");
        Assert.True(workingSetPeak - workingSetBefore < MaxGrowthBytes, $"download: working set grew by {workingSetPeak - workingSetBefore:N0} bytes");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{id}", Cancel)).StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> UploadAsync(HttpClient client, GeneratedCsvStream content)
    {
        using var form = Uploads.Form(new StreamContent(content, 64 * 1024), "generated.csv");
        var response = await client.PostAsync("/api/upload", form, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(text).GetProperty("dataset");
    }

    private static (long Managed, long WorkingSet) Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
    }

    /// <summary>Samples managed heap and working set every 5 ms on its own thread and keeps the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _managedPeak;
        private long _workingSetPeak;

        public MemorySampler()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "memory sampler" };
            _thread.Start();
        }

        public int Samples { get; private set; }

        public (long Managed, long WorkingSet) Stop()
        {
            _stop = true;
            _thread.Join();
            return (_managedPeak, _workingSetPeak);
        }

        public void Dispose()
        {
            if (!_stop)
            {
                Stop();
            }
        }

        private void Run()
        {
            while (!_stop)
            {
                _managedPeak = Math.Max(_managedPeak, GC.GetTotalMemory(forceFullCollection: false));
                _workingSetPeak = Math.Max(_workingSetPeak, Environment.WorkingSet);
                Samples++;
                Thread.Sleep(5);
            }
        }
    }
}
