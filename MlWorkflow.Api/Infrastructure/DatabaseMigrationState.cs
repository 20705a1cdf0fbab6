namespace MlWorkflow.Api.Infrastructure;

/// <summary>Whether <see cref="DbInitializer"/> has brought the database up to date, and its last error if not.</summary>
public sealed class DatabaseMigrationState
{
    private volatile bool _completed;
    private volatile Exception? _lastError;

    public bool Completed => _completed;

    public Exception? LastError => _lastError;

    public void MarkCompleted()
    {
        _lastError = null;
        _completed = true;
    }

    public void MarkFailed(Exception error) => _lastError = error;
}
