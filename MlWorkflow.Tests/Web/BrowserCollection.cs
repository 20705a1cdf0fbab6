namespace MlWorkflow.Tests.Web;

/// <summary>Browser tests share one Api + Web pair (each test signs up its own user, so they never see each other's data).</summary>
[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<WebAppFixture>;
