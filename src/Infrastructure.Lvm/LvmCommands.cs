using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>
/// Builds and runs <c>lvm &lt;command&gt;</c> argv with the activation switches of <see cref="LvmOptions"/>,
/// turning a failed call into a typed <see cref="Domain.Failures.StorageException"/>.
/// </summary>
public sealed class LvmCommands(ICommandRunner runner, LvmOptions options)
{
    private const string NoUdevConfig = "activation{udev_sync=0 udev_rules=0} devices{obtain_device_list_from_udev=0}";

    public LvmOptions Options => options;

    /// <summary>Runs the lvm2 command and returns stdout; a non-zero exit throws the mapped failure.</summary>
    public async Task<string> RunAsync(string command, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var line = Line(command, arguments);
        var result = await runner.RunAsync(line, cancellationToken);
        if (!result.Succeeded)
            throw LvmErrors.From(line, result);
        return result.StandardOutput;
    }

    public async Task<IReadOnlyList<VolumeGroupInfo>> ReportAsync(string? volumeGroup, CancellationToken cancellationToken)
    {
        var args = LvmReport.Arguments(volumeGroup);
        var line = Line(args[0], args.Skip(1));
        var result = await runner.RunAsync(line, cancellationToken);
        if (!result.Succeeded)
        {
            var failure = LvmErrors.From(line, result);
            if (volumeGroup is not null && failure.Kind == Domain.Failures.FailureKind.NotFound)
                return [];
            throw failure;
        }
        return LvmReport.Parse(result.StandardOutput);
    }

    /// <summary>Extra lvcreate switches: metadata-only mode creates inactive, unzeroed LVs (testing.md).</summary>
    public IEnumerable<string> CreateSwitches(bool thin)
    {
        if (options.Activation != LvmActivationMode.MetadataOnly)
            return ["-y"];
        // -Zn is only valid for non-thin LVs; a thin LV is never zeroed by lvcreate.
        return thin ? ["-y", "-an"] : ["-y", "-an", "-Zn"];
    }

    private CommandLine Line(string command, IEnumerable<string> arguments)
    {
        var argv = new List<string> { command };
        argv.AddRange(arguments);
        switch (options.Activation)
        {
            case LvmActivationMode.MetadataOnly:
                argv.Add("--driverloaded");
                argv.Add("n");
                break;
            case LvmActivationMode.NoUdev:
                argv.Add("--config");
                argv.Add(NoUdevConfig);
                break;
        }
        return new CommandLine(options.LvmBinary, argv, options.CommandTimeout);
    }
}
