using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Core.Models;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Core.Users;

namespace MlWorkflow.Core.Data;

/// <summary>The application's tables in PostgreSQL (snake_case names).</summary>
/// <remarks>
/// Add a migration from the repository root with:
/// <code>dotnet ef migrations add NAME --project MlWorkflow.Core --startup-project MlWorkflow.Api --output-dir Data/Migrations</code>
/// (dotnet-ef 10.0.15: <c>dotnet tool restore</c>). The design-time factory in this folder supplies the
/// options, so no database or connection string is needed to add a migration. The Api applies migrations
/// at start-up through <see cref="DatabaseMigrator"/>.
/// </remarks>
public sealed class MlWorkflowDbContext(DbContextOptions<MlWorkflowDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<WorkflowTask> Tasks => Set<WorkflowTask>();

    public DbSet<TaskLogEntry> TaskLogs => Set<TaskLogEntry>();

    public DbSet<Artifact> Artifacts => Set<Artifact>();

    public DbSet<ArtifactChunk> ArtifactChunks => Set<ArtifactChunk>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<ModelName> ModelNames => Set<ModelName>();

    public DbSet<Deployment> Deployments => Set<Deployment>();

    public DbSet<DeploymentHistoryEntry> DeploymentHistory => Set<DeploymentHistoryEntry>();

    public DbSet<DeploymentKey> DeploymentKeys => Set<DeploymentKey>();

    public DbSet<PredictionLogEntry> PredictionLogs => Set<PredictionLogEntry>();

    public DbSet<DeploymentMinuteStats> DeploymentStats => Set<DeploymentMinuteStats>();

    public DbSet<DriftAlert> DriftAlerts => Set<DriftAlert>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MlWorkflowDbContext).Assembly);
}
