using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm.Tests;

public sealed class LvmErrorsTests
{
    // stderr captured from lvm2 2.03.16 on a test machine.
    [Theory]
    [InlineData("  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n  Volume group \"olexp\" has insufficient free space (185 extents): 1280 required.\n", FailureKind.InsufficientCapacity)]
    [InlineData("  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n  Insufficient free space: 1230 extents needed, but only 160 available\n", FailureKind.InsufficientCapacity)]
    [InlineData("  Insufficient suitable allocatable extents for logical volume lv: 10 more required\n", FailureKind.InsufficientCapacity)]
    [InlineData("  Volume group \"nosuchvg\" not found\n  Cannot process volume group nosuchvg\n", FailureKind.NotFound)]
    [InlineData("  Logical volume nolv not found in volume group olexp.\n", FailureKind.NotFound)]
    [InlineData("  Failed to find logical volume \"olexp/nolv\"\n", FailureKind.NotFound)]
    [InlineData("  Logical Volume \"lv1\" already exists in volume group \"olexp\"\n", FailureKind.AlreadyExists)]
    [InlineData("  Snapshot origin volumes can be resized only while inactive: unmount and deactivate first.\n", FailureKind.FailedPrecondition)]
    [InlineData("  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n  Can't create snapshot without using device-mapper kernel driver.\n", FailureKind.Internal)]
    public void Classifies_lvm_messages(string stderr, FailureKind expected) =>
        Assert.Equal(expected, LvmErrors.Classify(stderr));

    [Fact]
    public void Keeps_lvm_own_message_without_the_per_call_warnings()
    {
        var message = LvmErrors.Message("  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n  Can't create snapshot without using device-mapper kernel driver.\n");

        Assert.Equal("Can't create snapshot without using device-mapper kernel driver.", message);
    }
}
