using Mediator;

namespace OpenLocal.Application.Pipeline;

/// <summary>Serialises operations per volume/snapshot id (CSI: a concurrent call gets Aborted).</summary>
public sealed class VolumeLockBehavior<TMessage, TResponse>(OperationLocks locks) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage, IVolumeKeyed
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var _ = locks.Acquire(message.LockKey);
        return await next(message, cancellationToken);
    }
}
