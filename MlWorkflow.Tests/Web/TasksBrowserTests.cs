using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlWorkflow.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static MlWorkflow.Tests.Web.BrowserSession;

namespace MlWorkflow.Tests.Web;

/// <summary>Profile tasks run by the real Worker, watched through Web: the profile table, the live console, cancel.</summary>
[Collection(nameof(BrowserCollection))]
[Slow]
public sealed class TasksBrowserTests(WebAppFixture app)
{
    // Big enough that a warm worker still profiles it for several seconds, longer than a page and its circuit take
    // to load on 2 busy cores (so the page sees it running); 1,000,000 rows could end before the page was up.
    private const long LiveRows = 3_000_000;
    private const long CancelRows = 3_000_000;

    // The Api and the worker take well under a second; the rest is slack for 2 busy cores. A cancel that did not
    // land would leave the task running or completed, never "cancelled".
    private const float CancelWithinMs = 15_000;

    [Fact]
    public Task UploadedPenguinsGetTheirProfileTable() => RunAsync(app, async page =>
    {
        var lines = await File.ReadAllLinesAsync(SamplePath("penguins.csv"), TestContext.Current.CancellationToken);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        var sexMissing = rows.Count(row => row[Array.IndexOf(header, "sex")].Length == 0);
        var billLength = rows.Select(row => row[Array.IndexOf(header, "bill_length_mm")]).Where(v => v.Length > 0)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.True(sexMissing > 0);
        await RegisterAndLogInAsync(page, NewEmail());
        await page.GotoAsync("/datasets");
        await WaitForCircuitAsync(page);

        await UploadAsync(page, SamplePath("penguins.csv"));
        await page.GetByRole(AriaRole.Link, new() { Name = "penguins" }).ClickAsync();

        await Expect(page.GetByTestId("profile-summary")).ToContainTextAsync($"{rows.Count} rows · {header.Length} columns");
        await Expect(page.Locator("[data-fact=Status]")).ToHaveTextAsync("ready");
        var table = page.GetByTestId("profile-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(header.Length);
        await Expect(table.Locator("tbody tr td[data-label=Column]")).ToHaveTextAsync(header);
        var sex = table.Locator("tr[data-column=sex]");
        await Expect(sex.Locator("[data-missing]")).ToHaveTextAsync(sexMissing.ToString(CultureInfo.InvariantCulture));
        await Expect(sex.Locator("td[data-label=Missing]")).ToContainTextAsync($"({(double)sexMissing / rows.Count:0.#%})".Replace(" ", "", StringComparison.Ordinal));
        await Expect(table.Locator("tr[data-column=species] td[data-label=Distinct]")).ToHaveTextAsync("3");
        await Expect(table.Locator("tr[data-column=bill_length_mm] td[data-label=Mean]"))
            .ToHaveTextAsync(billLength.Average().ToString("0.####", CultureInfo.InvariantCulture));
        await Expect(table.Locator("tr[data-column=bill_length_mm] td[data-label=Min]"))
            .ToHaveTextAsync(billLength.Min().ToString("0.####", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("missing-tokens")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "dataset-profile");
    });

    [Fact]
    public Task TaskConsoleFillsLiveAndEndsCompleted() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var (_, taskId) = await GeneratedCsv.UploadAsync(api, LiveRows, "live.csv", cancellationToken);

        await page.GotoAsync($"/tasks/{taskId}");
        await WaitForCircuitAsync(page);
        var status = page.Locator("[data-fact=Status] [data-testid=task-status]");
        var console = page.GetByTestId("console");
        await Expect(status).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.GetByTestId("console-state")).ToHaveTextAsync("live");
        var linesWhileRunning = await console.Locator(".line").CountAsync();
        await ScreenshotAsync(page, "task-console-running");

        await Expect(status).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("console-state")).ToHaveTextAsync("ended");
        var seqs = (await console.Locator(".line").EvaluateAllAsync<long[]>("lines => lines.map(l => Number(l.dataset.seq))")).ToList();
        Assert.True(seqs.Count > linesWhileRunning, $"No line arrived live: {linesWhileRunning} lines while running, {seqs.Count} at the end.");
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        var statusLines = await console.Locator(".line[data-step=status] .message").AllTextContentsAsync();
        Assert.Collection(statusLines,
            line => Assert.StartsWith("pending", line, StringComparison.Ordinal),
            line => Assert.StartsWith("running", line, StringComparison.Ordinal),
            line => Assert.StartsWith("completed", line, StringComparison.Ordinal));
        Assert.True(await console.Locator(".line:not([data-step=status])").CountAsync() > 0, "The job logged no step of its own.");
        await Expect(page.Locator("[data-testid=task-progress]").First).ToHaveAttributeAsync("data-progress", "100");
        await ScreenshotAsync(page, "task-console-completed");

        // Auto-scroll pauses when the user scrolls up, and "follow" takes them back to the newest line.
        var wrap = page.Locator(".console-wrap");
        await Expect(wrap).ToHaveAttributeAsync("data-following", "true");
        Assert.True(await console.EvaluateAsync<bool>("el => el.scrollHeight > el.clientHeight"), "The log is too short to scroll.");
        await console.EvaluateAsync("el => el.scrollTop = 0");
        await Expect(wrap).ToHaveAttributeAsync("data-following", "false");
        await page.Locator("[data-console-jump]").ClickAsync();
        await Expect(wrap).ToHaveAttributeAsync("data-following", "true");
        Assert.True(await console.EvaluateAsync<bool>("el => el.scrollHeight - el.scrollTop - el.clientHeight < 24"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("console-download").ClickAsync());
        var text = await File.ReadAllLinesAsync(await download.PathAsync(), cancellationToken);
        Assert.Equal(seqs.Count, text.Count(line => line.Length > 0));
        Assert.Contains(text, line => line.Contains("[INFO] status: completed", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.Locator("[data-testid=tasks-by-status] [data-status=completed] .count")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("stat-active").Locator(".stat-value")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("stat-active")).ToContainTextAsync("1 task in all");
        await Expect(page.GetByTestId("stat-queue-wait")).ToContainTextAsync("average over the last 1 started task");
        await Expect(page.GetByTestId("recent-activity")).ToContainTextAsync("Profile");
        await ScreenshotAsync(page, "dashboard");
    });

    [Fact]
    public Task CancelStopsARunningTaskWithinSeconds() => RunAsync(app, async page =>
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = NewEmail();
        await RegisterAndLogInAsync(page, email);
        using var api = await app.CreateApiClientAsync(email, cancellationToken);
        var (datasetId, taskId) = await GeneratedCsv.UploadAsync(api, CancelRows, "large.csv", cancellationToken);

        await page.GotoAsync($"/datasets/{datasetId}");
        await WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("profiling")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-fact=Status]")).ToHaveTextAsync(new Regex("^(uploaded|profiling)$"));
        await ScreenshotAsync(page, "dataset-profiling");
        await page.GetByTestId("open-profile-log").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/tasks/{taskId}$"));
        await Expect(page.Locator("[data-fact=Dataset]")).ToHaveTextAsync("large");
        var status = page.Locator("[data-fact=Status] [data-testid=task-status]");
        await Expect(status).ToHaveAttributeAsync("data-status", "running");

        await page.GetByTestId("cancel-task").ClickAsync();
        var clicked = Stopwatch.StartNew();
        await Expect(status).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = CancelWithinMs });
        Assert.True(clicked.ElapsedMilliseconds < CancelWithinMs, $"Cancelled after {clicked.Elapsed}.");
        await Expect(page.GetByTestId("console").Locator(".line[data-step=status] .message").Last).ToContainTextAsync("cancelled");
        await Expect(page.GetByTestId("retry-task")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cancel-task")).ToHaveCountAsync(0);
        Assert.Equal("cancelled", (await GeneratedCsv.GetTaskAsync(api, taskId, cancellationToken)).GetProperty("status").GetString());
        await ScreenshotAsync(page, "task-cancelled");

        // Retry runs it again as attempt 2 (the console follows the new attempt); cancel that one too.
        await page.GetByTestId("retry-task").ClickAsync();
        await Expect(page.Locator("[data-fact=Attempt]")).ToHaveTextAsync("2");
        await Expect(status).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.GetByTestId("console").Locator(".line[data-step=status] .message").Last).ToContainTextAsync("running");
        await page.GetByTestId("cancel-task").ClickAsync();
        await Expect(status).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = CancelWithinMs });

        await page.GotoAsync("/tasks?status=cancelled");
        await Expect(page.Locator($"td[data-task-id='{taskId}']")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "tasks-cancelled");
        await page.GotoAsync("/tasks?status=completed");
        await Expect(page.GetByTestId("tasks-table")).ToContainTextAsync("No tasks match these filters.");
    });
}
