using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenLocal.Vm.Driver;

// The scenario of the real-kernel tier, started once inside the VM by tests/Vm/guest.sh.
// "--check-composition" (run by run.sh on the host before booting) only composes the services, so
// that a gap in the composition fails in seconds instead of after the VM's boot.
var started = Stopwatch.StartNew();
var checkOnly = args.Length == 1 && args[0] == "--check-composition";
var options = checkOnly
    ? new DriverOptions("/dev/null", "/nonexistent", DateTimeOffset.UtcNow, null, false)
    : DriverOptions.Parse(args);
var settings = new ScenarioSettings(options.WorkDirectory, VolumeGroup: "open-local-pool-0", NodeName: "vm-node", PhysicalVolumeBytes: 4L << 30);
await using var services = Composition.Build(settings, options);
services.GetRequiredService<IMediator>();
Console.WriteLine($"driver ready after {started.Elapsed.TotalSeconds:F1} s (process start to composed services)");
if (checkOnly)
    return 0;
var runner = services.GetRequiredService<ScenarioRunner>();
var status = await runner.RunAsync(options.Steps);
Console.WriteLine($"driver finished after {started.Elapsed.TotalSeconds:F1} s");
return status;
