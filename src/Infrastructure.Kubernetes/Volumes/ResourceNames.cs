using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>Object names and label values derived from volume ids and node names (spec/crds.md §5 "Naming").</summary>
public static partial class ResourceNames
{
    /// <summary>The id itself when it is a valid DNS-1123 subdomain, else <c>prefix</c> + 40 hex chars of its SHA-256.</summary>
    public static string ObjectName(string id, string prefix) =>
        id.Length <= 253 && Subdomain().IsMatch(id) ? id : prefix + Hash(id);

    /// <summary>The node name when it is a valid label value (≤63 chars), else <c>h-</c> + 40 hex chars of its SHA-256.</summary>
    public static string NodeLabelValue(string nodeName) =>
        nodeName.Length <= 63 && LabelValue().IsMatch(nodeName) ? nodeName : "h-" + Hash(nodeName);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..40];

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
