using Grpc.Core;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Csi.Interceptors;

namespace OpenLocal.Hosts.Csi.Tests.Units;

public sealed class FailureStatusInterceptorTests
{
    [Theory]
    [InlineData(FailureKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(FailureKind.NotFound, StatusCode.NotFound)]
    [InlineData(FailureKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(FailureKind.InsufficientCapacity, StatusCode.ResourceExhausted)]
    [InlineData(FailureKind.OutOfRange, StatusCode.OutOfRange)]
    [InlineData(FailureKind.OperationInProgress, StatusCode.Aborted)]
    [InlineData(FailureKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    [InlineData(FailureKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(FailureKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(FailureKind.Unimplemented, StatusCode.Unimplemented)]
    [InlineData(FailureKind.Internal, StatusCode.Internal)]
    [InlineData(FailureKind.Aborted, StatusCode.Aborted)]
    public void Every_failure_kind_maps_to_its_CSI_code(FailureKind kind, StatusCode code) =>
        Assert.Equal(code, FailureStatusInterceptor.ToStatusCode(kind));

    [Fact]
    public void Every_failure_kind_has_a_mapping()
    {
        foreach (var kind in Enum.GetValues<FailureKind>())
            Assert.True(kind == FailureKind.Internal || FailureStatusInterceptor.ToStatusCode(kind) != StatusCode.Internal, $"{kind} is unmapped");
    }
}
