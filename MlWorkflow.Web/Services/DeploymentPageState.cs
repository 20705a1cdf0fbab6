namespace MlWorkflow.Web.Services;

/// <summary>
/// What the deployment page shows: the deployment with its last hour of traffic, and the model it serves now (its input
/// columns make the test form and the example request). Refreshes keep what is shown when they fail, and say so.
/// </summary>
public sealed class DeploymentPageState(DeploymentsClient deployments, ModelsClient models)
{
    public DeploymentRecord? Deployment { get; private set; }

    /// <summary>The deployment could not be loaded: nothing else is shown.</summary>
    public ProblemException? Problem { get; private set; }

    /// <summary>The served model; null while loading or when it could not be loaded (<see cref="ModelProblem"/>).</summary>
    public ModelRecord? Model { get; private set; }

    public ProblemException? ModelProblem { get; private set; }

    /// <summary>The last refresh failed; what is shown is from the one before.</summary>
    public ProblemException? RefreshProblem { get; private set; }

    public async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        (Deployment, Problem, Model, ModelProblem, RefreshProblem) = (null, null, null, null, null);
        try
        {
            Deployment = await deployments.GetDeploymentAsync(id, cancellationToken);
        }
        catch (ProblemException problem)
        {
            Problem = problem;
            return;
        }
        await LoadModelAsync(cancellationToken);
    }

    /// <summary>Reads the deployment again (its traffic, or after a change); the model too when it now serves another.</summary>
    public async Task RefreshAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            Deployment = await deployments.GetDeploymentAsync(id, cancellationToken);
            RefreshProblem = null;
        }
        catch (ProblemException problem)
        {
            RefreshProblem = problem;
            return;
        }
        if (Model?.Id != Deployment.ModelId)
        {
            await LoadModelAsync(cancellationToken);
        }
    }

    public async Task LoadModelAsync(CancellationToken cancellationToken)
    {
        if (Deployment is not { } deployment)
        {
            return;
        }
        (Model, ModelProblem) = (null, null);
        try
        {
            Model = await models.GetModelAsync(deployment.ModelId, cancellationToken);
        }
        catch (ProblemException problem)
        {
            ModelProblem = problem;
        }
    }
}
