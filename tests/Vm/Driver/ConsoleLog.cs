using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OpenLocal.Vm.Driver;

/// <summary>
/// The adapters' log lines on the VM console, written synchronously so they interleave with the
/// step output in order. Deliberately not Microsoft.Extensions.Logging.Console: every assembly
/// loaded under software emulation costs start-up time, and this needs only Abstractions.
/// </summary>
internal sealed class ConsoleLog(LogLevel minimum) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Category(categoryName[(categoryName.LastIndexOf('.') + 1)..], minimum);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("the scenario driver logs to the console only");

    public void Dispose()
    {
    }

    private sealed class Category(string name, LogLevel minimum) : ILogger
    {
        private static readonly Lock Gate = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var line = string.Create(CultureInfo.InvariantCulture, $"    {DateTime.UtcNow:HH:mm:ss.f} {logLevel.ToString()[..4].ToLowerInvariant()} {name}: {formatter(state, exception)}");
            lock (Gate)
            {
                Console.WriteLine(line);
                if (exception is not null)
                    Console.WriteLine(exception);
            }
        }
    }
}
