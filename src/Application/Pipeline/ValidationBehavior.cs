using FluentValidation;
using Mediator;

namespace OpenLocal.Application.Pipeline;

/// <summary>Runs every validator of the message; an invalid message never reaches its handler.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length > 0)
        {
            var errors = new List<FieldError>();
            foreach (var validator in _validators)
            {
                var result = await validator.ValidateAsync(message, cancellationToken);
                foreach (var failure in result.Errors)
                    errors.Add(new FieldError(failure.PropertyName, failure.ErrorMessage));
            }
            if (errors.Count > 0)
                throw new RequestValidationException(typeof(TMessage).Name, errors);
        }
        return await next(message, cancellationToken);
    }
}
