extern alias api;

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class ApiSurfaceTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Everything else must need a token (only root, health, docs, register and token are open).
    internal static readonly IReadOnlySet<string> AnonymousRoutes = new HashSet<string>
    {
        "/", "/health", "/alive", "/openapi/{documentName}.json", "/docs/{documentName?}",
        "/api/auth/register", "/api/auth/token",
    };

    [Fact]
    public async Task RootReturnsNameVersionAndLinks()
    {
        var root = await Uploads.GetJsonAsync(factory.CreateClient(), "/");

        Assert.Equal("MlWorkflow API", root.GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("version").GetString());
        Assert.Equal("/docs", root.GetProperty("links").GetProperty("docs").GetString());
        Assert.Equal("/api/upload", root.GetProperty("links").GetProperty("upload").GetString());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpointsAreOpenAndHealthy(string path)
    {
        var response = await factory.CreateClient().GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task OpenApiDocumentDescribesUploadAndBearerScheme()
    {
        var document = await Uploads.GetJsonAsync(factory.CreateClient(), "/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var upload = paths.GetProperty("/api/upload").GetProperty("post");
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.True(upload.TryGetProperty("security", out _));
        Assert.Equal(0, paths.GetProperty("/api/auth/token").GetProperty("post").GetProperty("security").GetArrayLength());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        foreach (var path in new[]
        {
            "/api/datasets", "/api/datasets/{id}", "/api/datasets/{id}/preview", "/api/datasets/{id}/download", "/api/auth/me",
            "/api/tasks", "/api/task/{id}/status", "/api/cancel/{id}", "/api/task/{id}/retry", "/api/logs/{id}", "/api/logs/{id}.txt", "/ws/logs",
            "/api/suggest/pipeline", "/api/suggest/models", "/api/datasets/{id}/pipeline", "/api/run_pipeline",
            "/api/train", "/api/train/plan", "/api/train/{taskId}/stop",
            "/api/models", "/api/models/{id}", "/api/models/{id}/download", "/api/models/{id}/predict_batch",
            "/api/deployments", "/api/deployments/{id}", "/api/deployments/{id}/drift_check", "/api/deployments/{id}/drift",
            "/api/drift_alerts", "/api/drift_alerts/{id}/ack",
            "/api/deployments/{id}/predict", "/api/deployments/{id}/keys", "/api/deployments/{id}/keys/{keyId}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), path);
            foreach (var operation in item.EnumerateObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), path);
            }
        }
    }

    [Fact]
    public async Task OpenApiDocumentDescribesSuggestionsAndSavedPipelineShapes()
    {
        var document = await Uploads.GetJsonAsync(factory.CreateClient(), "/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        JsonElement Resolve(JsonElement schema) =>
            schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;
        JsonElement Ok(string path, string method) => Resolve(paths.GetProperty(path).GetProperty(method).GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        string[] Properties(JsonElement schema) => [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
        JsonElement Items(JsonElement schema, string property) => Resolve(schema.GetProperty("properties").GetProperty(property).GetProperty("items"));

        var suggestPipeline = paths.GetProperty("/api/suggest/pipeline").GetProperty("get");
        var datasetId = suggestPipeline.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "datasetId");
        var pipeline = Ok("/api/suggest/pipeline", "get");
        var models = Ok("/api/suggest/models", "get");
        var saved = Ok("/api/datasets/{id}/pipeline", "get");
        var put = paths.GetProperty("/api/datasets/{id}/pipeline").GetProperty("put");
        var request = Resolve(put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.True(datasetId.GetProperty("required").GetBoolean());
        Assert.Equal("uuid", datasetId.GetProperty("schema").GetProperty("format").GetString());
        Assert.True(suggestPipeline.TryGetProperty("security", out _));
        Assert.Equal(["datasetId", "target", "task", "steps"], Properties(pipeline));
        Assert.Equal(["id", "op", "columns", "params", "confidence", "rationale", "enabled"], Properties(Items(pipeline, "steps")));
        Assert.Equal(["datasetId", "target", "task", "models"], Properties(models));
        Assert.Equal(["algorithm", "confidence", "rationale", "expectedTrainSeconds"], Properties(Items(models, "models")));
        Assert.Equal(["datasetId", "target", "task", "steps", "updatedAt"], Properties(saved));
        Assert.Equal(["target", "steps"], Properties(request));
        Assert.Equal(["id", "op", "columns", "params", "confidence", "rationale", "enabled"], Properties(Items(request, "steps")));
        Assert.Equal(["id", "op", "columns"], Items(request, "steps").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(put.GetProperty("responses").TryGetProperty("400", out _));
        Assert.Contains("hasPipeline", Properties(schemas.GetProperty("DatasetResponse")));
    }

    [Fact]
    public async Task OpenApiDocumentOffersTheBearerTokenOrADeploymentKeyForPredictOnly()
    {
        var document = await Uploads.GetJsonAsync(factory.CreateClient(), "/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("DeploymentKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(),
            scheme.GetProperty("name").GetString()));
        var paths = document.GetProperty("paths");
        var predict = paths.GetProperty("/api/deployments/{id}/predict").GetProperty("post");
        Assert.Equal(["Bearer", "DeploymentKey"], predict.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
        Assert.True(predict.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(["200", "400", "401", "404", "413", "415"], predict.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        var keys = paths.GetProperty("/api/deployments/{id}/keys").GetProperty("get");
        Assert.Equal(["Bearer"], keys.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
    }

    [Fact]
    public async Task DocsServeTheScalarUi()
    {
        var response = await factory.CreateClient().GetAsync("/docs", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("scalar", await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EveryEndpointOutsideTheOpenListRequiresAuthorization()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var open = endpoints
            .Where(e => !e.Metadata.OfType<IAuthorizeData>().Any() || e.Metadata.OfType<IAllowAnonymous>().Any())
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToHashSet();

        // The docs UI also serves its own scripts under /docs/.
        Assert.DoesNotContain(open, route => !AnonymousRoutes.Contains(route) && !route.StartsWith("/docs/", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/upload");
    }

    [Fact]
    public async Task UnknownRouteReturnsNotFoundProblem()
    {
        var response = await factory.CreateClient().GetAsync("/api/nothing-here", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(JsonValueKind.String, problem.GetProperty("traceId").ValueKind);
    }
}
