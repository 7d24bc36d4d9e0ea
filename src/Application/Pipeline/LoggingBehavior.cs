using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Pipeline;

/// <summary>One log line per use case with its duration and, on failure, the failure kind.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogDebug("{UseCase} succeeded in {ElapsedMs:F1} ms", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (StorageException ex)
        {
            logger.LogInformation("{UseCase} failed in {ElapsedMs:F1} ms: {Kind} {Message}", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Kind, ex.Message);
            throw;
        }
    }
}
