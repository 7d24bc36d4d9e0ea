using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// Mediator 3 constructs every handler of the Application on the first Send (ADR 0039). A process
/// that runs one component registers placeholders for the collaborators of the other components'
/// handlers: ports become proxies that fail with Unimplemented if ever called, Application classes
/// are registered as themselves (recursively) or, when they need configuration this process does
/// not have, as uninitialised placeholders that these loops never call.
/// </summary>
public static class UnavailableCollaborators
{
    public static IServiceCollection AddUnavailableCollaborators(this IServiceCollection services, Assembly applicationAssembly, string component)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(applicationAssembly);
        var registered = new HashSet<Type>(services.Select(d => d.ServiceType));
        // Handlers, and every Application class already registered (their collaborators may be missing too).
        var pending = new Queue<Type>(applicationAssembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.GetInterfaces().Any(IsHandlerInterface))
            .Concat(services.Select(d => d.ImplementationType).OfType<Type>().Where(t => t.Assembly == applicationAssembly && !t.IsGenericTypeDefinition)));
        var seen = new HashSet<Type>();
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
                continue;
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            foreach (var dependency in constructor?.GetParameters().Select(p => p.ParameterType) ?? [])
            {
                if (IsResolvable(dependency, registered))
                    continue;
                registered.Add(dependency);
                if (dependency.IsInterface)
                {
                    services.AddSingleton(dependency, _ => UnavailablePort.Create(dependency, component));
                }
                else if (dependency.Assembly == applicationAssembly && dependency is { IsClass: true, IsAbstract: false })
                {
                    var parameters = dependency.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType);
                    if (parameters.All(p => p.IsInterface || p.IsClass && p != typeof(string)))
                    {
                        services.AddSingleton(dependency);
                        pending.Enqueue(dependency);
                    }
                    else
                    {
                        services.AddSingleton(dependency, _ => RuntimeHelpers.GetUninitializedObject(dependency));
                    }
                }
            }
        }
        return services;
    }

    private static bool IsHandlerInterface(Type i) =>
        i.IsGenericType && i.Namespace == "Mediator" && i.Name.Contains("Handler", StringComparison.Ordinal);

    private static bool IsResolvable(Type type, HashSet<Type> registered) =>
        registered.Contains(type)
        || type == typeof(IServiceProvider)
        || (type.IsGenericType && (registered.Contains(type.GetGenericTypeDefinition()) || type.GetGenericTypeDefinition() == typeof(IEnumerable<>)));
}

/// <summary>A port this process does not provide: every call fails with Unimplemented, naming the component.</summary>
public class UnavailablePort : DispatchProxy
{
    private string _message = "this port is not available in this process";

    public static object Create(Type port, string component)
    {
        ArgumentNullException.ThrowIfNull(port);
        var proxy = DispatchProxy.Create(port, typeof(UnavailablePort));
        ((UnavailablePort)proxy)._message = $"{port.Name} is not available in the {component} process";
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new StorageException(FailureKind.Unimplemented, _message);
}
