namespace OpenLocal.Domain.Discovery;

/// <summary>One <c>matchExpressions</c> entry; operators In, NotIn, Exists, DoesNotExist.</summary>
public sealed record LabelRequirement(string Key, string Operator, ValueArray<string> Values)
{
    /// <summary>Kubernetes semantics; an unknown operator or a malformed requirement matches nothing.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        // A requirement without a key is malformed (Kubernetes refuses it); an NLSC from the API server
        // can still carry one (issue 19 fuzzing: TryGetValue(null) threw and stopped the controller's sync).
        if (string.IsNullOrEmpty(Key))
            return false;
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "In" => !Values.IsEmpty && has && Values.Contains(value!),
            "NotIn" => !Values.IsEmpty && (!has || !Values.Contains(value!)),
            "Exists" => Values.IsEmpty && has,
            "DoesNotExist" => Values.IsEmpty && !has,
            _ => false,
        };
    }
}

/// <summary>
/// A <c>metav1.LabelSelector</c>: <c>matchLabels</c> AND <c>matchExpressions</c>. An empty selector
/// matches every node; the "absent selector matches nothing" rule belongs to the caller
/// (<see cref="NodeStorageInitConfig"/>), which holds a null selector.
/// </summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, ValueArray<LabelRequirement> MatchExpressions)
{
    public static LabelSelector Everything { get; } = new(new Dictionary<string, string>(), default);

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
                return false;
        }
        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
                return false;
        }
        return true;
    }
}
