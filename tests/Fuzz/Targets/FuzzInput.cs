using System.Text;

namespace OpenLocal.Fuzz.Targets;

/// <summary>How the raw bytes become a parser's input shape.</summary>
internal static class FuzzInput
{
    /// <summary>Invalid UTF-8 becomes U+FFFD, as it does where these strings come from (Kubernetes JSON, process output).</summary>
    public static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    /// <summary>
    /// One <c>key=value</c> a line (a StorageClass's parameters map); a line without '=' is a key with an
    /// empty value; a repeated key keeps the last value, as a JSON object would.
    /// </summary>
    public static Dictionary<string, string> Map(byte[] input)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Text(input).Split('\n'))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                map[line] = string.Empty;
            else
                map[line[..eq]] = line[(eq + 1)..];
        }
        return map;
    }
}
