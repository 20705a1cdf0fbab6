using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MlWorkflow.Core.Jobs;

/// <summary>
/// Hangfire's log provider, over the host's <see cref="ILoggerFactory"/>. Hangfire keeps its log provider in a
/// process-wide static, while a logger factory belongs to one host: when that host stops (and, in a process that
/// runs several hosts one after another, such as the test run, another is still using Hangfire), creating a
/// logger from the disposed factory would throw from deep inside Hangfire. Such loggers are silent instead.
/// </summary>
public sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Logger(loggerFactory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Logger(ILogger logger) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            // Hangfire asks first (no message) whether a level is enabled.
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }
            try
            {
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                logger.Log(level, 0, exception, messageFunc(), []);
#pragma warning restore CA2254
            }
            catch (ObjectDisposedException)
            {
                // The host that owned the logger has stopped.
            }
            return true;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
