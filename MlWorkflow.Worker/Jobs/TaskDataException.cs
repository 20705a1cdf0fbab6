namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// An error caused by the task's data or inputs (a malformed file, a deleted dataset): retrying cannot help, so
/// the task fails at once. <see cref="Exception.Message"/> says what is wrong and what the user can do.
/// </summary>
public sealed class TaskDataException(string message, Exception? innerException = null) : Exception(message, innerException);
