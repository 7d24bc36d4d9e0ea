namespace OpenLocal.Fuzz;

/// <summary>A parser answered without throwing, but the answer breaks an invariant the callers rely on.</summary>
internal sealed class ContractViolation(string message) : Exception(message);
