using System.Reflection;
using System.Xml.Linq;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace OpenLocal.Architecture.Tests;

/// <summary>ADR-0002: dependencies point inward only.</summary>
public sealed class DependencyRuleTests
{
    [Fact]
    public void Domain_depends_on_nothing_of_ours()
    {
        Types().That().ResideInAssembly(Layers.Domain)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("OpenLocal").And().DoNotResideInAssembly(Layers.Domain))
            .Because("the domain is pure: no use cases, adapters or hosts")
            .Check(Layers.Architecture);
    }

    [Fact]
    public void Domain_references_only_the_runtime()
    {
        var references = Layers.Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", $"Domain references {name}"));
        var project = XDocument.Load(Path.Combine(Layers.RepositoryRoot, "src/Domain/OpenLocal.Domain.csproj"));
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void Application_depends_only_on_the_domain()
    {
        Types().That().ResideInAssembly(Layers.Application)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("OpenLocal")
                .And().DoNotResideInAssembly(Layers.Application)
                .And().DoNotResideInAssembly(Layers.Domain))
            .Check(Layers.Architecture);

        Assert.Equal(["../Domain/OpenLocal.Domain.csproj"], ProjectReferences("src/Application/OpenLocal.Application.csproj"));
    }

    [Fact]
    public void No_infrastructure_project_references_another()
    {
        foreach (var assembly in Layers.Infrastructure)
        {
            var others = Layers.Infrastructure.Where(a => a != assembly).ToArray();
            Types().That().ResideInAssembly(assembly)
                .Should().NotDependOnAny(Types().That().ResideInAssembly(others[0], others[1..]))
                .WithoutRequiringPositiveResults()
                .Check(Layers.Architecture);
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name!.StartsWith("OpenLocal.Infrastructure", StringComparison.Ordinal));
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name!.StartsWith("OpenLocal.Hosts", StringComparison.Ordinal));
        }

        foreach (var project in Directory.GetFiles(Path.Combine(Layers.RepositoryRoot, "src"), "OpenLocal.Infrastructure.*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Layers.RepositoryRoot, project);
            Assert.All(ProjectReferences(relative), reference => Assert.Contains(reference, new[] { "../Application/OpenLocal.Application.csproj", "../Domain/OpenLocal.Domain.csproj" }));
        }
    }

    [Fact]
    public void The_api_server_depends_on_nothing_of_ours()
    {
        // Issue 15 "Where it lives": it imitates kube-apiserver over the KubernetesClient models and
        // ASP.NET only, so the adapters, use cases and hosts can use it and it can use none of them.
        Types().That().ResideInAssembly(Layers.ApiServer)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("OpenLocal").And().DoNotResideInAssembly(Layers.ApiServer))
            .Check(Layers.Architecture);
        Assert.DoesNotContain(Layers.ApiServer.GetReferencedAssemblies(), r => r.Name!.StartsWith("OpenLocal", StringComparison.Ordinal));
        Assert.Empty(ProjectReferences("src/ApiServer/OpenLocal.ApiServer.csproj"));
        Assert.All(Layers.Infrastructure, a => Assert.DoesNotContain(a.GetReferencedAssemblies(), r => r.Name == "OpenLocal.ApiServer"));
    }

    public static TheoryData<string> HostAssemblies => [.. Layers.Hosts.Select(h => h.GetName().Name!)];

    [Theory]
    [MemberData(nameof(HostAssemblies))]
    public void Hosts_use_only_the_domain_types_the_application_exposes(string hostAssembly)
    {
        var host = Layers.Hosts.Single(h => h.GetName().Name == hostAssembly);
        var allowed = ExposedDomainTypes();
        Assert.NotEmpty(allowed);
        // Value objects a host needs to read wire formats, and the typed failures it maps to codes.
        allowed.UnionWith(DomainTypesIn("OpenLocal.Domain.Quantities", "OpenLocal.Domain.Failures"));
        // STYLE.md §10: the extender answers filter/prioritize with the pure Domain scheduling
        // functions directly on its hot path, without a pipeline; the CLI composes its options.
        if (hostAssembly is "OpenLocal.Hosts.Extender" or "openlocal")
            allowed.UnionWith(DomainTypesIn("OpenLocal.Domain.Scheduling"));
        var hidden = Layers.Domain.GetExportedTypes().Where(t => !allowed.Contains(t)).ToArray();

        Types().That().ResideInAssembly(host)
            .Should().NotDependOnAny(hidden)
            .Because("hosts translate wire types to use cases; domain logic is reached through the Application")
            .WithoutRequiringPositiveResults()
            .Check(Layers.Architecture);
    }

    private static IEnumerable<Type> DomainTypesIn(params string[] namespaces) =>
        Layers.Domain.GetExportedTypes().Where(t => namespaces.Contains(t.Namespace));

    private static List<string> ProjectReferences(string relativePath) =>
        [.. XDocument.Load(Path.Combine(Layers.RepositoryRoot, relativePath))
            .Descendants("ProjectReference")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))];

    /// <summary>Domain types reachable from the Application's public API (signatures, transitively through exposed domain types).</summary>
    private static HashSet<Type> ExposedDomainTypes()
    {
        var exposed = new HashSet<Type>();
        var pending = new Queue<Type>(Layers.Application.GetExportedTypes());
        var seen = new HashSet<Type>();
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type))
                continue;
            foreach (var used in SignatureTypes(type))
            {
                if (used.Assembly == Layers.Domain && used.IsPublic | used.IsNestedPublic && exposed.Add(used))
                    pending.Enqueue(used);
            }
        }
        return exposed;
    }

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is not null)
            direct.Add(type.BaseType);
        direct.AddRange(type.GetInterfaces());
        foreach (var method in type.GetMethods(visible))
        {
            direct.Add(method.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }
        foreach (var constructor in type.GetConstructors())
            direct.AddRange(constructor.GetParameters().Select(p => p.ParameterType));
        direct.AddRange(type.GetProperties(visible).Select(p => p.PropertyType));
        direct.AddRange(type.GetFields(visible).Select(f => f.FieldType));
        return direct.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
                yield return inner;
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
                yield return argument;
        }
    }
}
