using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MlWorkflow.Core.Data;

/// <summary>Options every <see cref="MlWorkflowDbContext"/> needs, wherever it is created.</summary>
public static class MlWorkflowDbContextOptions
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention();

    public static DbContextOptions<MlWorkflowDbContext> For(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MlWorkflowDbContext>().UseNpgsql(connectionString);
        Configure(options);
        return options.Options;
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the Api or reaching a database.</summary>
public sealed class MlWorkflowDbContextDesignTimeFactory : IDesignTimeDbContextFactory<MlWorkflowDbContext>
{
    public MlWorkflowDbContext CreateDbContext(string[] args) =>
        new(MlWorkflowDbContextOptions.For("Host=localhost;Database=mlworkflowdb"));
}
