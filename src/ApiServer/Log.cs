using Microsoft.Extensions.Logging;

namespace OpenLocal.ApiServer;

/// <summary>The embedded API server's log lines.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: skipping document {Index} ({ApiVersion} {Kind}): not a CustomResourceDefinition")]
    public static partial void SkippedDocument(ILogger logger, string source, int index, string apiVersion, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: CustomResourceDefinition {Name} replaces the bundled one")]
    public static partial void ReplacedBundled(ILogger logger, string source, string name);
}
