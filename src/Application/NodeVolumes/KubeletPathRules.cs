using FluentValidation;

namespace OpenLocal.Application.NodeVolumes;

/// <summary>The node path rule as a FluentValidation rule, so each node validator states it in one line.</summary>
public static class KubeletPathRules
{
    private const int ShownChars = 120;

    /// <summary>An empty path is left to the field's NotEmpty rule; any other must pass <see cref="KubeletPaths.Refusal"/>.</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeKubeletPath<T>(this IRuleBuilder<T, string> rule, KubeletPaths paths, string field)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return rule.Custom((path, context) =>
        {
            if (string.IsNullOrEmpty(path))
                return;
            if (paths.Refusal(path) is { } refusal)
                context.AddFailure(field, $"{field} \"{Shown(path)}\" {refusal}");
        });
    }

    /// <summary>A hostile path is quoted readably: NUL escaped, 10 KB cut short.</summary>
    private static string Shown(string path)
    {
        var text = path.Replace("\0", "\\0", StringComparison.Ordinal);
        return text.Length <= ShownChars ? text : string.Concat(text.AsSpan(0, ShownChars), $"… ({path.Length} characters)");
    }
}
