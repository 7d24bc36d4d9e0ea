using System.Net;
using k8s.Autorest;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>API status codes → typed failures, in one place for the reconciler adapters.</summary>
internal static class KubernetesFailures
{
    public static bool IsNotFound(this HttpOperationException ex) => ex.Response?.StatusCode == HttpStatusCode.NotFound;

    public static StorageException ToStorageException(this HttpOperationException ex, string what)
    {
        var body = ex.Response?.Content;
        var detail = string.IsNullOrEmpty(body) ? ex.Message : body;
        return ex.Response?.StatusCode switch
        {
            HttpStatusCode.NotFound => StorageException.NotFound($"{what}: not found"),
            HttpStatusCode.Conflict when body?.Contains("AlreadyExists", StringComparison.Ordinal) == true => StorageException.AlreadyExists($"{what}: already exists"),
            HttpStatusCode.Conflict => new StorageException(FailureKind.OperationInProgress, $"{what}: changed concurrently (409), re-read and retry"),
            HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest => StorageException.InvalidArgument($"{what}: rejected by the API server: {detail}"),
            _ => StorageException.Unavailable($"{what}: API server error {(int?)ex.Response?.StatusCode}: {detail}"),
        };
    }
}
