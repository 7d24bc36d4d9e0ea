using System.Text.RegularExpressions;

namespace OpenLocal.ApiServer;

/// <summary>Which name rule a kind's <c>metadata.name</c> follows (upstream <c>ValidateXName</c> of the kind).</summary>
public enum NameRule
{
    /// <summary>apimachinery NameIsDNSSubdomain: most kinds, custom resources included.</summary>
    Dns1123Subdomain,

    /// <summary>apimachinery NameIsDNSLabel: namespaces (ValidateNamespaceName).</summary>
    Dns1123Label,
}

/// <summary>
/// Object-name rules of kube-apiserver (apimachinery pkg/util/validation/validation.go and
/// pkg/api/validation/path/name.go), with upstream's messages, so a client that probes them (external-provisioner
/// POSTs a CSIStorageCapacity named <c>#%123-invalid-name</c> and must get 422) sees what a real cluster answers.
/// </summary>
public static partial class ObjectNames
{
    private const string LabelPattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string SubdomainPattern = LabelPattern + "(\\." + LabelPattern + ")*";

    [GeneratedRegex("^" + LabelPattern + "$")]
    private static partial Regex Label();

    [GeneratedRegex("^" + SubdomainPattern + "$")]
    private static partial Regex Subdomain();

    /// <summary>path.IsValidPathSegmentName: what any name must satisfy to be a URL path segment and a storage key.</summary>
    public static IReadOnlyList<string> PathSegmentErrors(string name)
    {
        if (name is "." or "..")
            return [$"may not be '{name}'"];
        var errors = new List<string>();
        foreach (var illegal in new[] { "/", "%" })
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
                errors.Add($"may not contain '{illegal}'");
        }
        return errors;
    }

    public static IReadOnlyList<string> Errors(NameRule rule, string name)
    {
        var errors = new List<string>();
        if (rule == NameRule.Dns1123Label)
        {
            if (name.Length > 63)
                errors.Add("must be no more than 63 characters");
            if (!Label().IsMatch(name))
                errors.Add($"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{LabelPattern}')");
            return errors;
        }
        if (name.Length > 253)
            errors.Add("must be no more than 253 characters");
        if (!Subdomain().IsMatch(name))
            errors.Add($"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{SubdomainPattern}')");
        return errors;
    }
}
