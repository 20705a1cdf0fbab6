using Xunit.v3;

namespace MlWorkflow.Tests.Infrastructure;

/// <summary>
/// Marks a test, or every test of a class, that takes more than about 5 s on this 2-core machine (trait
/// Category=Slow). The fast run leaves them out with <c>--filter-not-trait "Category=Slow"</c>; CI runs every test.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SlowAttribute : Attribute, ITraitAttribute
{
    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() => [new("Category", "Slow")];
}
