namespace OpenLocal.Application.Controller;

/// <summary>
/// What the controller host was started with: the NLSC it follows (<c>--initconfig</c>, default
/// <c>open-local</c>) and whether existing NLS specs are left alone (<c>--preserve-manual-edits</c>,
/// the same as open-local's <c>--feature-gates=UpdateNLS=false</c>, crds.md §3 step 5).
/// </summary>
public sealed record ControllerSettings(string InitConfigName, bool PreserveManualEdits)
{
    public const string DefaultInitConfigName = "open-local";

    public static ControllerSettings Default { get; } = new(DefaultInitConfigName, false);
}
