using Hangfire;

namespace MlWorkflow.Core.Deployments;

/// <summary>
/// Delivers new drift alerts to a deployment's webhook as a Hangfire job of its own, after the check that raised them
/// has completed: a slow or failing receiver is retried by Hangfire and never holds up or fails a drift check.
/// </summary>
public interface IDriftAlertWebhook
{
    /// <summary>POSTs each alert (the Api's DriftAlert JSON) to the deployment's webhook; throws to be retried when one is refused.</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 30, 60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    Task SendAsync(Guid deploymentId, Guid[] alertIds, CancellationToken cancellationToken);
}
