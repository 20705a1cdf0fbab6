using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The runner of each task kind, registered keyed by its kind (<see cref="TaskRunnerRegistration.AddTaskRunner{TRunner}"/>), so a job resolves
/// exactly one runner and a worker knows which kinds it can run.
/// </summary>
public sealed class TaskRunners(IReadOnlySet<WorkflowTaskKind> kinds)
{
    public IReadOnlySet<WorkflowTaskKind> Kinds { get; } = kinds;

    /// <summary>The runner for <paramref name="kind"/> from <paramref name="services"/> (a job's scope), or null when this worker has none.</summary>
    public static ITaskRunner? Resolve(IServiceProvider services, WorkflowTaskKind kind) => services.GetKeyedService<ITaskRunner>(kind);

    public string Describe() => string.Join(", ", Kinds.Order().Select(kind => kind.ToName()));
}

public static class TaskRunnerRegistration
{
    /// <summary>Registers <typeparamref name="TRunner"/> (scoped) as the runner of <paramref name="kind"/>.</summary>
    public static IServiceCollection AddTaskRunner<TRunner>(this IServiceCollection services, WorkflowTaskKind kind)
        where TRunner : class, ITaskRunner
    {
        services.AddKeyedScoped<ITaskRunner, TRunner>(kind);
        var registered = services.FirstOrDefault(d => d.ServiceType == typeof(TaskRunners))?.ImplementationInstance as TaskRunners;
        var kinds = new HashSet<WorkflowTaskKind>(registered?.Kinds ?? new HashSet<WorkflowTaskKind>()) { kind };
        if (registered is not null)
        {
            services.Remove(services.First(d => d.ServiceType == typeof(TaskRunners)));
        }
        services.AddSingleton(new TaskRunners(kinds));
        return services;
    }
}
