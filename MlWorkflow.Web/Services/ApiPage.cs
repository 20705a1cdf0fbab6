namespace MlWorkflow.Web.Services;

/// <summary>One page of an Api list: <c>{"items","total"}</c>, total counting every page.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Which page of a list to ask for, 1-based, as the Api's <c>?page=&amp;pageSize=</c> take it.</summary>
public sealed record PageRequest(int Page = 1, int PageSize = 20)
{
    public (string Name, object? Value)[] Parameters => [("page", Page), ("pageSize", PageSize)];
}
